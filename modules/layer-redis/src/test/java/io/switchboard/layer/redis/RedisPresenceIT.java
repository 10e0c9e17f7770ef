// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.redis.impl.RedisChannelLayer;
import io.switchboard.layer.redis.impl.RedisPubSubChannelLayer;
import io.switchboard.testsupport.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence on both Redis flavours when a node dies: a process whose Vert.x is gone stops refreshing its entries;
 * they are no longer listed once {@code presenceTimeout} has passed, and a live node in the group removes them and
 * sends their leave events, once each.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RedisPresenceIT {

    private static final String ROOM = "room";

    @BeforeAll
    static void redis() {
        SharedRedis.require();
    }

    private interface Flavour {
        Future<ChannelLayer> create(Vertx vertx, RedisLayerOptions options);
    }

    @Test
    void aDeadNodesEntriesLapseWithinTheTimeoutOnTheCoreFlavour(Vertx vertx) throws Exception {
        aDeadNodesEntriesLapse(vertx, RedisChannelLayer::create);
    }

    @Test
    void aDeadNodesEntriesLapseWithinTheTimeoutOnThePubSubFlavour(Vertx vertx) throws Exception {
        aDeadNodesEntriesLapse(vertx, RedisPubSubChannelLayer::create);
    }

    private void aDeadNodesEntriesLapse(Vertx vertx, Flavour flavour) throws Exception {
        RedisLayerOptions options = new RedisLayerOptions()
                .setHosts(List.of(SharedRedis.url()))
                .setPrefix(SharedRedis.uniquePrefix("sbpr"));
        options.setPresenceTimeoutSeconds(1);
        ChannelLayer survivor = flavour.create(vertx, options).await(10, TimeUnit.SECONDS);
        Vertx doomed = Vertx.vertx();
        try {
            ChannelLayer dying = flavour.create(doomed, options).await(10, TimeUnit.SECONDS);
            List<JsonObject> events = new CopyOnWriteArrayList<>();
            String watcher = survivor.newChannel().await(5, TimeUnit.SECONDS);
            survivor.subscribe(watcher, events::add).await(5, TimeUnit.SECONDS);
            survivor.groupAdd(Presence.eventsGroup(ROOM), watcher).await(5, TimeUnit.SECONDS);
            survivor.presence().track(ROOM, "c-1", "stays", null).await(5, TimeUnit.SECONDS);
            dying.presence().track(ROOM, "c-1", "dies", null).await(5, TimeUnit.SECONDS);
            dying.presence().track(ROOM, "c-2", "dies", null).await(5, TimeUnit.SECONDS);
            assertThat(users(survivor)).containsExactly("stays", "dies", "dies");
            // refreshes keep them listed past the timeout
            vertx.timer(1500).await(5, TimeUnit.SECONDS);
            assertThat(users(survivor)).containsExactly("stays", "dies", "dies");

            long killed = System.nanoTime();
            // its timers and connections go with its Vert.x, and nothing untracks: as a kill -9 would leave it
            doomed.close().await(10, TimeUnit.SECONDS);
            while (events.stream()
                            .filter(e -> e.getString("type").equals(Presence.LEAVE))
                            .count()
                    < 2) {
                assertThat(System.nanoTime() - killed).isLessThan(TimeUnit.SECONDS.toNanos(5));
                vertx.timer(50).await(5, TimeUnit.SECONDS);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("presence: a dead node's entries left in " + millis + " ms (timeout 1 s)");
            assertThat(users(survivor)).containsExactly("stays");
            vertx.timer(1000).await(5, TimeUnit.SECONDS);
            assertThat(events.stream().map(e -> e.getString("type")).toList())
                    .containsExactly(Presence.JOIN, Presence.JOIN, Presence.JOIN, Presence.LEAVE, Presence.LEAVE);
        } finally {
            doomed.close();
            survivor.close().await(5, TimeUnit.SECONDS);
        }
    }

    private static List<String> users(ChannelLayer layer) throws Exception {
        return layer.presence().list(ROOM).await(5, TimeUnit.SECONDS).stream()
                .map(PresenceEntry::user)
                .toList();
    }
}
