// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalGroupsTest {

    /** Records what the table says of groups coming and going. */
    private static final class Events implements LocalGroups.Presence {
        final List<String> said = new ArrayList<>();

        @Override
        public synchronized void created(String group) {
            said.add("+" + group);
        }

        @Override
        public synchronized void emptied(String group) {
            said.add("-" + group);
        }
    }

    private final Events events = new Events();
    private final LocalGroups groups = new LocalGroups(events);

    @Test
    void aGroupIsCreatedByItsFirstMemberAndGoesWithItsLast() {
        assertThat(groups.add("room", "a", 1)).isTrue();
        assertThat(groups.add("room", "b", 2)).isTrue();
        assertThat(groups.add("room", "a", 3)).as("a refresh").isFalse();
        assertThat(groups.members("room")).containsExactlyInAnyOrder("a", "b");
        assertThat(groups.discard("room", "a")).isTrue();
        assertThat(groups.discard("room", "a")).isFalse();
        assertThat(groups.discard("room", "b")).isTrue();
        assertThat(groups.hasGroup("room")).isFalse();
        assertThat(events.said).containsExactly("+room", "-room");
        assertThat(groups.membershipCount()).isZero();
        assertThat(groups.groupsOf("a")).isEmpty();
    }

    @Test
    void anOldMembershipGoesButARefreshedOneStays() {
        groups.add("room", "old", 10);
        groups.add("room", "fresh", 10);
        groups.add("room", "fresh", 30);
        assertThat(groups.discardIfBefore("room", "fresh", 20)).isFalse();
        assertThat(groups.sweep(20)).isEqualTo(1);
        assertThat(groups.members("room")).containsExactly("fresh");
        assertThat(groups.entries()).containsExactly(new LocalGroups.Membership("room", "fresh", 30));
    }

    @Test
    void aChannelLeavesEveryGroupAtOnceAndClearEmptiesAll() {
        groups.add("a", "c1", 1);
        groups.add("b", "c1", 1);
        groups.add("b", "c2", 1);
        assertThat(groups.groupsOf("c1")).containsExactlyInAnyOrder("a", "b");
        assertThat(groups.removeChannel("c1")).isEqualTo(2);
        assertThat(groups.groups()).containsExactly("b");
        groups.clear();
        assertThat(groups.groupCount()).isZero();
        assertThat(groups.membershipCount()).isZero();
        assertThat(events.said).containsExactlyInAnyOrder("+a", "+b", "-a", "-b");
    }

    @Test
    void racingAddsAndDiscardsLeaveCountsIndexAndPresenceConsistent() throws Exception {
        int threads = 4;
        int rounds = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String channel = "c" + t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                        groups.add("busy", channel, i);
                        groups.discard("busy", channel);
                    }
                    groups.add("busy", channel, rounds);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(groups.members("busy")).hasSize(threads);
        assertThat(groups.membershipCount()).isEqualTo(threads);
        assertThat(groups.groupsOf("c0")).containsExactly("busy");
        List<String> said;
        synchronized (events) {
            said = List.copyOf(events.said);
        }
        for (int i = 0; i < said.size(); i++) {
            assertThat(said.get(i)).as("event %d alternates", i).isEqualTo(i % 2 == 0 ? "+busy" : "-busy");
        }
        assertThat(said.get(said.size() - 1)).isEqualTo("+busy");
    }
}
