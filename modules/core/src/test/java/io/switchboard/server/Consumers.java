// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.consumer.SyncWebSocketConsumer;
import io.switchboard.consumer.WebSocketConsumer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Consumers the server tests route to. */
final class Consumers {

    private Consumers() {}

    /** The tutorial's chat consumer. */
    static final class Chat extends JsonWebSocketConsumer {
        private String group;

        Chat() {
            on("chat.message", message -> sendJson(new JsonObject().put("message", message.getString("message"))));
        }

        @Override
        protected Future<Void> connect() {
            group = "chat_" + scope().routeParam("room");
            return groupAdd(group).compose(v -> accept());
        }

        @Override
        protected Future<Void> receiveJson(JsonObject content) {
            if ("boom".equals(content.getString("message"))) {
                throw new IllegalStateException("boom requested by the test");
            }
            return groupSend(
                    group, new JsonObject().put("type", "chat.message").put("message", content.getString("message")));
        }
    }

    /** Joins its groups through {@code groups()} and answers "close" by closing from the server side. */
    static final class Member extends WebSocketConsumer {
        Member() {
            on("member.ping", message -> send("pong " + message.getString("n")));
        }

        @Override
        public List<String> groups() {
            return List.of("members", "everyone");
        }

        @Override
        protected Future<Void> receive(String text) {
            return text.equals("close") ? close(4000, "asked") : send(channelName());
        }
    }

    /** Refuses every connection. */
    static final class Refuser extends WebSocketConsumer {
        @Override
        protected Future<Void> connect() {
            return close();
        }
    }

    /** Never answers the handshake. */
    static final class Silent extends WebSocketConsumer {
        @Override
        protected Future<Void> connect() {
            return Future.succeededFuture();
        }
    }

    /** Accepts with the last offered subprotocol and an extra header; echoes text with its scope facts. */
    static final class Negotiator extends WebSocketConsumer {
        @Override
        protected Future<Void> connect() {
            List<String> offered = scope().subprotocols();
            return accept(offered.get(offered.size() - 1), Map.of("X-Switchboard", "yes"));
        }

        @Override
        protected Future<Void> receive(String text) {
            return send(new JsonObject()
                    .put("user", scope().user().username())
                    .put("id", scope().routeParam("id", Integer.class))
                    .put("q", scope().queryParam("q"))
                    .encode());
        }
    }

    /** Records disconnect codes. */
    static final class Recorder extends WebSocketConsumer {
        static final ConcurrentLinkedQueue<Integer> CODES = new ConcurrentLinkedQueue<>();

        @Override
        protected Future<Void> receive(String text) {
            return text.startsWith("close:") ? close(Integer.parseInt(text.substring(6)), "bye") : send(text);
        }

        @Override
        protected Future<Void> disconnect(int code) {
            CODES.add(code);
            return Future.succeededFuture();
        }
    }

    /** A consumer whose disconnect ends only when the test says so, as one that saves its state at the end. */
    static final class Lingering extends WebSocketConsumer {
        static volatile Promise<Void> release = Promise.promise();
        static final CountDownLatch DISCONNECTING = new CountDownLatch(1);

        @Override
        protected Future<Void> disconnect(int code) {
            DISCONNECTING.countDown();
            return release.future();
        }
    }

    /** A sync consumer whose handler blocks; records overlap per connection and across connections. */
    static final class Slow extends SyncWebSocketConsumer {
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger MAX_RUNNING = new AtomicInteger();
        static volatile CountDownLatch gate = new CountDownLatch(0);
        private final AtomicInteger mine = new AtomicInteger();
        private int last = -1;

        @Override
        protected void receive(String text) throws Exception {
            if (mine.incrementAndGet() != 1) {
                send("overlap");
            }
            int now = RUNNING.incrementAndGet();
            MAX_RUNNING.accumulateAndGet(now, Math::max);
            try {
                // long enough for every connection's first handler to park here on a loaded machine
                gate.await(30, TimeUnit.SECONDS);
                int n = Integer.parseInt(text);
                send(n == last + 1 ? "ok " + n : "out-of-order " + n);
                last = n;
            } finally {
                RUNNING.decrementAndGet();
                mine.decrementAndGet();
            }
        }
    }
}
