// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.EventBusLayer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.testkit.ChannelLayerContractTest;
import io.switchboard.testkit.ContractProperty;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channel-layer contract on the event-bus layer, on one clustered Hazelcast member started once for the
 * class (a member takes seconds to start; each test makes and closes its own layers on it). What differs across
 * processes is tested in {@link EventBusLayerClusterIT}.
 */
class EventBusChannelLayerIT extends ChannelLayerContractTest {

    private static TestCluster cluster;
    private static Vertx clustered;

    @BeforeAll
    static void startMember() {
        cluster = new TestCluster(1);
        clustered = cluster.start(0);
    }

    @AfterAll
    static void stopMember() {
        cluster.close();
    }

    @Override
    protected Future<ChannelLayer> createLayer(Vertx vertx, ChannelLayerOptions options) {
        return EventBusChannelLayer.create(clustered, options, EventBusLayer.DEFAULT_ADDRESS_PREFIX, 5000);
    }

    @Override
    protected Optional<String> deviation(ContractProperty property) {
        return switch (property) {
            case EXPIRY_ENDS_MEMBERSHIP ->
                Optional.of("as in channels_redis, a channel stays in its groups after"
                        + " one of its messages expired, until groupDiscard or the group expiry: the membership may be"
                        + " held by another process than the one that queued the message");
            case WAITER_ORDER ->
                Optional.of(
                        "receive calls waiting in different processes are served in the"
                                + " event bus's round-robin order, not in the order they were made (one process keeps the order)");
            default -> Optional.empty();
        };
    }

    @Test
    void deliveredMessagesAreReadOnlyAndCopyGivesAMutableOne() {
        String ch = channel("readonly");
        Future<JsonObject> next = layer.receive(ch);
        await(layer.send(
                ch,
                message("frozen").put("nested", new JsonObject().put("k", "v")).put("list", new JsonArray().add(1))));
        JsonObject got = await(next);
        assertThatThrownBy(() -> got.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.getJsonObject("nested").put("k", "w"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> got.getJsonArray("list").add(2)).isInstanceOf(UnsupportedOperationException.class);
        JsonObject mutable = got.copy().put("x", 1);
        mutable.getJsonObject("nested").put("k", "w");
        assertThat(got.getJsonObject("nested").getString("k")).isEqualTo("v");
    }

    @Test
    void newChannelNamesCarryTheInstanceAndRefuseTooLongPrefixes() {
        String name = await(layer.newChannel());
        assertThat(name).matches("specific\\.[0-9a-f]{16}![0-9a-f]{16}");
        assertThat(await(layer.newChannel("p".repeat(EventBusChannelLayer.MAX_PREFIX))))
                .hasSize(99);
        assertThatThrownBy(() -> layer.newChannel("p".repeat(EventBusChannelLayer.MAX_PREFIX + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid channel prefix 'ppp");
    }
}
