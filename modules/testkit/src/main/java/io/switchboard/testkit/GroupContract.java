// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import static io.switchboard.testkit.ContractProperty.CAPACITY;
import static io.switchboard.testkit.ContractProperty.EXPIRY;
import static io.switchboard.testkit.ContractProperty.EXPIRY_ENDS_MEMBERSHIP;
import static io.switchboard.testkit.ContractProperty.GROUP_EXPIRY;
import static io.switchboard.testkit.ContractProperty.STATS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The group half of the contract: add, discard, send, capacity and expiry of memberships. Part of
 * {@link ChannelLayerContractTest}; extend that class, not this one.
 */
public abstract class GroupContract extends ChannelContract {

    @Test
    void groupAddRejectsInvalidNamesAtOnce() {
        for (String name : INVALID_GROUPS) {
            assertThatThrownBy(() -> layer.groupAdd(name, "ok"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidGroupMessage(name));
        }
        for (String name : INVALID_CHANNELS) {
            assertThatThrownBy(() -> layer.groupAdd("ok", name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidChannelMessage(name));
        }
    }

    @Test
    void groupDiscardRejectsInvalidNamesAtOnce() {
        for (String name : INVALID_GROUPS) {
            assertThatThrownBy(() -> layer.groupDiscard(name, "ok"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidGroupMessage(name));
        }
        for (String name : INVALID_CHANNELS) {
            assertThatThrownBy(() -> layer.groupDiscard("ok", name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidChannelMessage(name));
        }
    }

    @Test
    void groupSendRejectsInvalidGroupNamesAndANullMessageAtOnce() {
        for (String name : INVALID_GROUPS) {
            assertThatThrownBy(() -> layer.groupSend(name, message("x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(invalidGroupMessage(name));
        }
        assertThatThrownBy(() -> layer.groupSend(group("null"), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("message");
    }

    @Test
    void groupSendRejectsTheReservedKeyAsSendDoes() {
        JsonObject bad = message("x").put(ChannelLayer.RESERVED_KEY, "specific.abc!");
        assertThatThrownBy(() -> layer.groupSend(group("reserved"), bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + ChannelLayer.RESERVED_KEY + "'");
    }

    @Test
    void groupSendReachesEveryMemberOnce() {
        String g = group("all");
        List<String> members = new ArrayList<>();
        List<Future<JsonObject>> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String ch = await(layer.newChannel());
            members.add(ch);
            await(layer.groupAdd(g, ch));
            received.add(layer.receive(ch));
        }
        await(layer.groupSend(g, message("to all")));
        for (int i = 0; i < 3; i++) {
            assertThat(await(received.get(i)).getString("text")).isEqualTo("to all");
            assertNothingElseQueued(layer, members.get(i));
        }
    }

    @Test
    void groupAddTwiceKeepsOneMembership() {
        String g = group("twice");
        String ch = channel("twice");
        await(layer.groupAdd(g, ch));
        await(layer.groupAdd(g, ch));
        Future<JsonObject> next = layer.receive(ch);
        await(layer.groupSend(g, message("once")));
        assertThat(await(next).getString("text")).isEqualTo("once");
        assertNothingElseQueued(layer, ch);
    }

    @Test
    void groupDiscardRemovesOnlyThatMember() {
        String g = group("discard");
        String gone = channel("gone");
        String stays = channel("stays");
        await(layer.groupAdd(g, gone));
        await(layer.groupAdd(g, stays));
        await(layer.groupDiscard(g, gone));
        Future<JsonObject> next = layer.receive(stays);
        await(layer.groupSend(g, message("after discard")));
        assertThat(await(next).getString("text")).isEqualTo("after discard");
        assertNothingElseQueued(layer, gone);
    }

    @Test
    void groupDiscardOfANonMemberSucceeds() {
        await(layer.groupDiscard(group("unknown"), channel("never-added")));
        await(layer.groupAdd(group("known"), channel("member")));
        await(layer.groupDiscard(group("known"), channel("never-added")));
    }

    @Test
    void groupSendToAGroupWithoutMembersSucceeds() {
        await(layer.groupSend(group("empty"), message("nobody")));
    }

    @Test
    void groupSendSkipsAFullMemberWithoutFailing() {
        requires(CAPACITY);
        ChannelLayer small = newLayer(new ChannelLayerOptions().setCapacity(1));
        String g = group("full");
        String full = channel("full");
        String free = channel("free");
        await(small.groupAdd(g, full));
        await(small.groupAdd(g, free));
        await(small.send(full, message("prefill")));
        await(small.groupSend(g, message("group")));
        assertThat(await(small.receive(free)).getString("text")).isEqualTo("group");
        assertThat(await(small.receive(full)).getString("text")).isEqualTo("prefill");
        assertNothingElseQueued(small, full);
    }

    @Test
    void groupSendCountsASkippedFullMember() {
        requires(CAPACITY, STATS);
        ChannelLayer small = newLayer(new ChannelLayerOptions().setCapacity(1));
        String g = group("count");
        String full = channel("count");
        await(small.groupAdd(g, full));
        await(small.send(full, message("prefill")));
        long before = small.stats().droppedFull();
        await(small.groupSend(g, message("dropped")));
        assertThat(small.stats().droppedFull()).isEqualTo(before + 1);
    }

    @Test
    void membershipEndsAfterTheGroupExpiry() {
        requires(GROUP_EXPIRY);
        ChannelLayer expiring = newLayer(new ChannelLayerOptions().setGroupExpirySeconds(1));
        String g = group("expiry");
        String ch = channel("expiry");
        await(expiring.groupAdd(g, ch));
        pause(1500);
        await(expiring.groupSend(g, message("too late")));
        assertNothingElseQueued(expiring, ch);
    }

    @Test
    void groupAddRefreshesAMembership() {
        requires(GROUP_EXPIRY);
        ChannelLayer expiring = newLayer(new ChannelLayerOptions().setGroupExpirySeconds(2));
        String g = group("refresh");
        String ch = channel("refresh");
        await(expiring.groupAdd(g, ch));
        pause(1200);
        await(expiring.groupAdd(g, ch));
        pause(1200);
        Future<JsonObject> next = expiring.receive(ch);
        await(expiring.groupSend(g, message("still a member")));
        assertThat(await(next).getString("text")).isEqualTo("still a member");
    }

    @Test
    void aChannelWithAnExpiredMessageLeavesItsGroups() {
        requires(EXPIRY, EXPIRY_ENDS_MEMBERSHIP);
        ChannelLayer expiring = newLayer(new ChannelLayerOptions().setExpirySeconds(1));
        String g = group("expired-member");
        String ch = channel("expired-member");
        await(expiring.groupAdd(g, ch));
        await(expiring.send(ch, message("unread")));
        pause(1500);
        await(expiring.groupSend(g, message("first")));
        await(expiring.groupSend(g, message("second")));
        assertNothingElseQueued(expiring, ch);
    }
}
