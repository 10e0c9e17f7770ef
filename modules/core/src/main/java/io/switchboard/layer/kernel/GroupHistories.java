// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The histories of the groups that keep one, in this process: the memory layer's history. A group keeps a history
 * when its policy says so; the history is made by the group's first message or read and dropped by the
 * {@link #sweep} once it has held nothing for its time to live, so that groups nobody writes to cost nothing. A new history has a new epoch.
 * Thread-safe; nothing blocks for longer than a group's append and delivery.
 */
public final class GroupHistories {

    private final ConcurrentHashMap<String, Entry> histories = new ConcurrentHashMap<>();
    private final Function<String, HistoryPolicy> policyOf;

    /** @param policyOf a group's policy by its name, {@code null} for groups without history */
    public GroupHistories(Function<String, HistoryPolicy> policyOf) {
        this.policyOf = Objects.requireNonNull(policyOf, "policyOf");
    }

    /**
     * @param group a group name
     * @return whether messages to the group are numbered and kept
     */
    public boolean keepsHistory(String group) {
        return policyOf.apply(group) != null;
    }

    /**
     * Numbers a message to a group that keeps a history, keeps it and hands it to {@code deliver}, all under the
     * group's lock, so that its members receive the group's messages in offset order.
     *
     * @param group a group for which {@link #keepsHistory} holds
     * @param key the message's key, or {@code null} for none ({@link GroupHistory#append(String, Function, long)})
     * @param stamp makes the message to keep and deliver from its position
     * @param deliver delivers the kept message to the group's members; must not block
     * @param now {@link System#nanoTime()}
     * @return whether the message was appended and delivered: {@code false} if a held message has the key
     */
    public boolean append(
            String group,
            String key,
            Function<StreamPosition, JsonObject> stamp,
            Consumer<JsonObject> deliver,
            long now) {
        while (true) {
            Entry entry = histories.computeIfAbsent(group, g -> newEntry(g, now));
            synchronized (entry) {
                if (!entry.retired) {
                    JsonObject kept = entry.history.append(key, stamp, now);
                    if (kept == null) {
                        return false;
                    }
                    deliver.accept(kept);
                    return true;
                }
            }
        }
    }

    /**
     * The messages of a group after a position.
     *
     * @param group a group for which {@link #keepsHistory} holds
     * @param since the last position the reader saw
     * @param now {@link System#nanoTime()}
     * @return the missed messages, or why they cannot be given
     */
    public HistoryRead since(String group, StreamPosition since, long now) {
        Entry entry = histories.computeIfAbsent(group, g -> newEntry(g, now));
        synchronized (entry) {
            if (!entry.retired) {
                return entry.history.since(since, now);
            }
        }
        // Retired between the lookup and the lock: all its messages had expired, and its successor is new
        return since(group, since, now);
    }

    /**
     * The position of a group's last message.
     *
     * @param group a group for which {@link #keepsHistory} holds
     * @param now {@link System#nanoTime()}
     * @return its position, offset 0 on a new epoch if the group has no history yet
     */
    public StreamPosition top(String group, long now) {
        Entry entry = histories.computeIfAbsent(group, g -> newEntry(g, now));
        synchronized (entry) {
            if (!entry.retired) {
                return entry.history.top();
            }
        }
        return top(group, now);
    }

    /**
     * Drops expired messages, and the histories left with none.
     *
     * @param now {@link System#nanoTime()}
     */
    public void sweep(long now) {
        histories.forEach((group, entry) -> {
            synchronized (entry) {
                if (entry.history.isIdle(now)) {
                    entry.retired = true;
                    histories.remove(group, entry);
                }
            }
        });
    }

    /** Forgets every history: their groups get new epochs. */
    public void clear() {
        histories.forEach((group, entry) -> {
            synchronized (entry) {
                entry.retired = true;
                histories.remove(group, entry);
            }
        });
    }

    /** @return how many groups hold a history */
    public int size() {
        return histories.size();
    }

    private Entry newEntry(String group, long now) {
        HistoryPolicy policy = policyOf.apply(group);
        if (policy == null) {
            throw new IllegalArgumentException("Group '" + group + "' keeps no history");
        }
        return new Entry(new GroupHistory(
                GroupHistory.newEpoch(), policy.size(), TimeUnit.SECONDS.toNanos(policy.ttlSeconds()), now));
    }

    /** A history and whether the sweep has dropped it; guarded by the entry's monitor. */
    private static final class Entry {
        final GroupHistory history;
        boolean retired;

        Entry(GroupHistory history) {
            this.history = history;
        }
    }
}
