// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one page saw: the rehearsal's messages it received (by number, so that a duplicate shows), the longest
 * silence between two of them, its connections and how they ended, the server's answers on recovery, its errors,
 * and whether its own messages came back under its username (it is still logged in) or as {@code anonymous}.
 * Thread-safe: its methods hold its lock.
 */
final class PageLedger {

    private final String name;
    private final String room;
    private final BitSet received = new BitSet();
    private final Map<String, Integer> errors = new TreeMap<>();
    private final Map<String, Integer> closes = new TreeMap<>();
    private final Map<String, Integer> nodes = new LinkedHashMap<>();
    private int duplicates;
    private int opens;
    private int refused;
    private int recovered;
    private int notRecovered;
    private int overflowed;
    private int resent;
    private int resentDropped;
    private int ownEchoes;
    private int ownAnonymous;
    private String firstOwnUser;
    private String lastUser;
    private long lastMessageNanos;
    private long longestGapNanos;
    private long maxLatencyMillis;
    private String firstNode;

    /**
     * @param name the page's username, also the author name in its texts
     * @param room its room
     */
    PageLedger(String name, String room) {
        this.name = name;
        this.room = room;
    }

    String name() {
        return name;
    }

    String room() {
        return room;
    }

    synchronized void opened(String node) {
        opens++;
        if (firstNode == null) {
            firstNode = node;
        }
        nodes.merge(String.valueOf(node), 1, Integer::sum);
    }

    synchronized void closed(Short code) {
        closes.merge(code == null ? "none" : String.valueOf(code), 1, Integer::sum);
    }

    synchronized void refused() {
        refused++;
    }

    synchronized void overflowed() {
        overflowed++;
    }

    /** @param count messages sent again on a new connection */
    synchronized void resent(int count) {
        resent += count;
    }

    synchronized void error(String code) {
        errors.merge(code, 1, Integer::sum);
    }

    /** Notes a frame from the server. */
    synchronized void frame(JsonObject frame) {
        if (frame.getValue("recovered") instanceof Boolean answer) {
            if (answer) {
                recovered++;
            } else {
                notRecovered++;
            }
        }
        if (frame.getValue("ack") instanceof String && Boolean.TRUE.equals(frame.getValue("duplicate"))) {
            resentDropped++;
        }
        if (frame.getValue("error") instanceof String code) {
            error(code);
        }
        if (frame.getValue("message") instanceof String text) {
            RehearsalText.parse(text).ifPresent(message -> message(message, frame.getString("user")));
        }
    }

    private void message(RehearsalText message, String user) {
        long now = System.nanoTime();
        if (lastMessageNanos != 0) {
            longestGapNanos = Math.max(longestGapNanos, now - lastMessageNanos);
        }
        lastMessageNanos = now;
        maxLatencyMillis = Math.max(maxLatencyMillis, RehearsalText.now() - message.sentMillis());
        if (received.get(message.seq())) {
            duplicates++;
        } else {
            received.set(message.seq());
        }
        if (message.author().equals(name)) {
            ownEchoes++;
            lastUser = user;
            if (firstOwnUser == null) {
                firstOwnUser = user;
            }
            if (!name.equals(user)) {
                ownAnonymous++;
            }
        }
    }

    /** @return a copy of the numbers of the messages it received */
    synchronized BitSet received() {
        return (BitSet) received.clone();
    }

    /** @return whether it has received every message of {@code accepted} */
    synchronized boolean hasAll(BitSet accepted) {
        BitSet missing = (BitSet) accepted.clone();
        missing.andNot(received);
        return missing.isEmpty();
    }

    synchronized int duplicates() {
        return duplicates;
    }

    /** @return connections opened after the first one */
    synchronized int reconnects() {
        return Math.max(0, opens - 1);
    }

    synchronized int refusals() {
        return refused;
    }

    synchronized int recovered() {
        return recovered;
    }

    synchronized int notRecovered() {
        return notRecovered;
    }

    synchronized int resent() {
        return resent;
    }

    synchronized int resentDropped() {
        return resentDropped;
    }

    /** @return messages it could not send: too many were waiting to come back */
    synchronized int unsent() {
        return overflowed;
    }

    /** @return whether its first own message came back under its username */
    synchronized boolean loggedInAtFirst() {
        return name.equals(firstOwnUser);
    }

    /** @return whether every one of its own messages came back under its username */
    synchronized boolean stayedLoggedIn() {
        return ownEchoes > 0 && ownAnonymous == 0;
    }

    /** @return whether its last own message came back under its username */
    synchronized boolean loggedInAtLast() {
        return name.equals(lastUser);
    }

    synchronized long longestGapMillis() {
        return longestGapNanos / 1_000_000;
    }

    synchronized long maxLatencyMillis() {
        return maxLatencyMillis;
    }

    synchronized String firstNode() {
        return firstNode;
    }

    synchronized Map<String, Integer> errors() {
        return new TreeMap<>(errors);
    }

    synchronized Map<String, Integer> closes() {
        return new TreeMap<>(closes);
    }
}
