// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A subscriber's handler that keeps what it gets and lets a test wait for a number of messages. */
final class Inbox implements Handler<JsonObject> {

    private final List<JsonObject> messages = new ArrayList<>();
    private final List<Promise<List<JsonObject>>> waiters = new ArrayList<>();
    private final List<Integer> wanted = new ArrayList<>();

    @Override
    public synchronized void handle(JsonObject message) {
        messages.add(message);
        for (int i = waiters.size() - 1; i >= 0; i--) {
            if (messages.size() >= wanted.get(i)) {
                waiters.remove(i).complete(List.copyOf(messages));
                wanted.remove(i);
            }
        }
    }

    /** A future completed once at least {@code count} messages have arrived, with all of them. */
    synchronized Future<List<JsonObject>> atLeast(int count) {
        if (messages.size() >= count) {
            return Future.succeededFuture(List.copyOf(messages));
        }
        Promise<List<JsonObject>> promise = Promise.promise();
        waiters.add(promise);
        wanted.add(count);
        return promise.future();
    }

    synchronized List<JsonObject> messages() {
        return List.copyOf(messages);
    }

    /** The values of one key, in arrival order. */
    synchronized List<String> texts(String key) {
        List<String> texts = new ArrayList<>();
        messages.forEach(m -> texts.add(m.getString(key)));
        return texts;
    }
}
