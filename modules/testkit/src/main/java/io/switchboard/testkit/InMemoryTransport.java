// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import io.switchboard.consumer.TextFrame;
import io.switchboard.consumer.spi.TransportEvents;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The in-memory socket behind a {@link WebSocketCommunicator}; all state lives on one context. */
final class InMemoryTransport implements WebSocketTransport {

    private final Context context;
    private final Promise<WebSocketCommunicator.Connection> handshake = Promise.promise();
    private final ArrayDeque<Object> frames = new ArrayDeque<>();
    private final ArrayDeque<Promise<Object>> waiters = new ArrayDeque<>();
    private final Promise<WebSocketCommunicator.Close> closed = Promise.promise();
    private TransportEvents events;
    private boolean open;

    InMemoryTransport(Context context) {
        this.context = context;
    }

    Future<WebSocketCommunicator.Connection> handshake() {
        return handshake.future();
    }

    @Override
    public Future<Void> accept(String subprotocol, Map<String, String> headers, TransportEvents events) {
        this.events = events;
        this.open = true;
        handshake.tryComplete(new WebSocketCommunicator.Connection(true, 101, subprotocol));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> reject(int status) {
        handshake.tryComplete(new WebSocketCommunicator.Connection(false, status, null));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> writeText(TextFrame frame) {
        return deliver(frame.text());
    }

    @Override
    public Future<Void> writeBinary(Buffer data) {
        return deliver(data.copy());
    }

    private Future<Void> deliver(Object frame) {
        if (!open) {
            return Future.failedFuture(new IllegalStateException("Socket is closed"));
        }
        Promise<Object> waiter = waiters.poll();
        if (waiter != null) {
            waiter.tryComplete(frame);
        } else {
            frames.add(frame);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close(int code, String reason) {
        if (open) {
            open = false;
            closed.tryComplete(new WebSocketCommunicator.Close(code, reason));
            waiters.forEach(w -> w.tryFail(new IllegalStateException("Socket closed with " + code + " " + reason)));
            waiters.clear();
            // A real peer echoes the close frame; the consumer then sees the same code
            context.runOnContext(v -> events.closed(code));
        }
        return Future.succeededFuture();
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    Future<Void> fromClient(Consumer<TransportEvents> send) {
        return onContext(() -> {
            if (!open) {
                return Future.failedFuture(new IllegalStateException("Socket is not open"));
            }
            send.accept(events);
            return Future.succeededFuture();
        });
    }

    Future<Object> nextFrame(long timeoutMillis, Vertx vertx) {
        return onContext(() -> {
            Object frame = frames.poll();
            if (frame != null) {
                return Future.succeededFuture(frame);
            }
            if (!open) {
                return Future.failedFuture(new IllegalStateException("Socket is closed and no frame is left"));
            }
            Promise<Object> waiter = Promise.promise();
            waiters.add(waiter);
            long timer = vertx.setTimer(timeoutMillis, t -> {
                waiters.remove(waiter);
                waiter.tryFail(new TimeoutException("No frame within " + timeoutMillis + " ms"));
            });
            return waiter.future().onComplete(ar -> vertx.cancelTimer(timer));
        });
    }

    Future<Void> nothingWithin(long millis, Vertx vertx) {
        Promise<Void> quiet = Promise.promise();
        vertx.setTimer(
                millis,
                t -> context.runOnContext(v -> {
                    Object frame = frames.peek();
                    if (frame == null) {
                        quiet.complete();
                    } else {
                        quiet.fail(new AssertionError("Expected nothing, received " + frame));
                    }
                }));
        return quiet.future();
    }

    Future<WebSocketCommunicator.Close> closedWithin(long millis, Vertx vertx) {
        long timer = vertx.setTimer(
                millis, t -> closed.tryFail(new TimeoutException("Socket not closed within " + millis + " ms")));
        return closed.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    Future<Void> clientClose(int code) {
        return onContext(() -> {
            if (open) {
                open = false;
                closed.tryComplete(new WebSocketCommunicator.Close(code, null));
                events.closed(code);
            }
            return Future.succeededFuture();
        });
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
