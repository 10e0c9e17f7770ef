// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** What the cluster tests check of a room: that it spans its nodes, and that each message reaches each member once. */
final class RoomChecks {

    private static final String SYNC = "sync ";
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RoomChecks() {}

    /**
     * Waits until a message from each client reaches every client: a node sees another node's members only once
     * their group registration has spread through the cluster. The sync texts are skipped by {@link #exchange}.
     */
    static void awaitSpread(List<RoomClient> clients, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        for (RoomClient sender : clients) {
            while (true) {
                String token = SYNC + sender.name() + " " + SEQUENCE.incrementAndGet();
                sender.say(token);
                if (everyoneGets(clients, token, Duration.ofMillis(700))) {
                    break;
                }
                assertThat(System.nanoTime() - deadline)
                        .as("room of %s did not span every node within %s", clients, limit)
                        .isNegative();
            }
        }
    }

    private static boolean everyoneGets(List<RoomClient> clients, String token, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        for (RoomClient client : clients) {
            String text;
            do {
                text = client.next(Duration.ofNanos(deadline - System.nanoTime()));
            } while (text != null && !text.equals(token));
            if (text == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each sender says {@code each} texts, unique in the run; then every receiver must get every text exactly once:
     * nothing missing, and nothing more arrives within a quiet period.
     *
     * @return the texts sent, in order
     */
    static List<String> exchange(List<RoomClient> senders, List<RoomClient> receivers, int each) throws Exception {
        List<String> sent = new ArrayList<>();
        for (RoomClient sender : senders) {
            for (int i = 0; i < each; i++) {
                String text = "from " + sender.name() + " #" + SEQUENCE.incrementAndGet();
                sender.say(text);
                sent.add(text);
            }
        }
        Map<RoomClient, List<String>> got = new LinkedHashMap<>();
        for (RoomClient receiver : receivers) {
            got.put(receiver, receive(receiver, sent.size(), Duration.ofSeconds(10)));
        }
        long quietUntil = System.nanoTime() + QUIET.toNanos();
        for (RoomClient receiver : receivers) {
            got.get(receiver)
                    .addAll(receive(receiver, Integer.MAX_VALUE, Duration.ofNanos(quietUntil - System.nanoTime())));
        }
        got.forEach((receiver, texts) ->
                assertThat(texts).as("what %s received", receiver).containsExactlyInAnyOrderElementsOf(sent));
        return sent;
    }

    /** Up to {@code count} texts within {@code wait}, sync texts left out. */
    static List<String> receive(RoomClient client, int count, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            String text = client.next(Duration.ofNanos(deadline - System.nanoTime()));
            if (text == null) {
                break;
            }
            if (!text.startsWith(SYNC)) {
                texts.add(text);
            }
        }
        return texts;
    }
}
