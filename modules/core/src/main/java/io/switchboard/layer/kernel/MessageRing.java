// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.vertx.core.json.JsonObject;

/**
 * A FIFO of messages with their expiry times, in two parallel ring arrays so that queuing a message allocates
 * nothing once the arrays have grown to the channel's working size. The arrays are made on the first message: most
 * channels of idle connections never hold one. Not thread-safe: its {@link LocalMailbox} guards it.
 */
final class MessageRing {

    private static final JsonObject[] NO_MESSAGES = {};
    private static final long[] NO_EXPIRIES = {};
    private static final int FIRST_LENGTH = 4;

    private JsonObject[] messages = NO_MESSAGES;
    private long[] expiries = NO_EXPIRIES;
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(JsonObject message, long expiresAt) {
        if (size == messages.length) {
            grow();
        }
        int tail = (head + size) & (messages.length - 1);
        messages[tail] = message;
        expiries[tail] = expiresAt;
        size++;
    }

    /** Puts a message back at the head, ahead of every other. */
    void addFirst(JsonObject message, long expiresAt) {
        if (size == messages.length) {
            grow();
        }
        head = (head - 1) & (messages.length - 1);
        messages[head] = message;
        expiries[head] = expiresAt;
        size++;
    }

    /** @return the message at the tail, the last added, or {@code null} if the ring is empty */
    JsonObject peekLast() {
        return size == 0 ? null : messages[(head + size - 1) & (messages.length - 1)];
    }

    /** @return the expiry time of the message at the head; the ring must not be empty */
    long headExpiry() {
        return expiries[head];
    }

    JsonObject poll() {
        JsonObject message = messages[head];
        messages[head] = null;
        head = (head + 1) & (messages.length - 1);
        size--;
        return message;
    }

    /** Drops the messages at the head whose expiry time is before {@code now}; returns how many. */
    int dropExpired(long now) {
        int dropped = 0;
        while (size > 0 && expiries[head] - now < 0) {
            poll();
            dropped++;
        }
        return dropped;
    }

    int clear() {
        int dropped = size;
        while (size > 0) {
            poll();
        }
        return dropped;
    }

    private void grow() {
        int length = messages.length;
        int newLength = length == 0 ? FIRST_LENGTH : length * 2;
        JsonObject[] newMessages = new JsonObject[newLength];
        long[] newExpiries = new long[newLength];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (length - 1);
            newMessages[i] = messages[from];
            newExpiries[i] = expiries[from];
        }
        messages = newMessages;
        expiries = newExpiries;
        head = 0;
    }
}
