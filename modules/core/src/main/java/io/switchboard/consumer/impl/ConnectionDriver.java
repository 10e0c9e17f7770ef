// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.Consumer;
import io.switchboard.consumer.ConsumerConnection;
import io.switchboard.consumer.Recovery;
import io.switchboard.consumer.Scope;
import io.switchboard.consumer.TextFrame;
import io.switchboard.consumer.spi.TransportEvents;
import io.switchboard.consumer.spi.WebSocketTransport;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one consumer over one transport, through its life: gives it a channel, joins its groups, feeds it client
 * and layer messages (in arrival order, through an {@link EventQueue}), closes on failures as {@link HandlerFailure}
 * says, and cleans everything up when the socket closes. All state is touched on the connection's context only.
 */
public final class ConnectionDriver implements ConsumerConnection, TransportEvents {

    /** RFC 6455: a close frame's payload is at most 125 bytes, two of them the code. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDriver.class);
    /**
     * Layer messages queued behind a consumer whose handlers cannot keep up before the connection is closed with
     * 4000 too_slow, instead of unbounded memory or a silent gap. A slow client no longer counts here: writes do
     * not wait, and the transport's outbound budget closes it.
     */
    static final int MAX_PENDING_LAYER_MESSAGES = 4096;

    private enum State {
        CONNECTING,
        OPEN,
        CLOSING,
        CLOSED
    }

    private final long id;
    private final Scope scope;
    private final Consumer consumer;
    private final WebSocketTransport transport;
    private final ConsumerEnvironment env;
    private final Context context;
    /** Events in arrival order: an {@link Event}, or a layer message as is (the common case, kept allocation-free). */
    private final EventQueue events;

    private final JoinedGroups groups = new JoinedGroups();
    /** The groups whose presence lists this connection, to untrack when it ends. */
    private final JoinedGroups tracked = new JoinedGroups();
    /** The groups joined with a position; made by the first such join, as most connections make none. */
    private GroupStreams streams;

    private State state = State.CONNECTING;
    private boolean failed;
    private boolean finished;
    private long dropped;
    private long handshakeTimer = -1;
    /** Set while the scope has a session. */
    private SessionWatch sessionWatch;

    private String channel;
    private Subscription subscription;

    /** What happened to the connection, by its Channels event type. */
    private enum Kind {
        CONNECT("websocket.connect"),
        RECEIVE("websocket.receive"),
        DISCONNECT("websocket.disconnect"),
        CLEANUP("cleanup");

        final String type;

        Kind(String type) {
            this.type = type;
        }

        /** @return whether it still runs after a handler failed: the consumer must still hear the end */
        boolean runsAfterFailure() {
            return this == DISCONNECT || this == CLEANUP;
        }
    }

    private record Event(Kind kind, Supplier<Future<Void>> call) {}

    private ConnectionDriver(
            long id, Scope scope, Consumer consumer, WebSocketTransport transport, ConsumerEnvironment env) {
        this.id = id;
        this.scope = scope;
        this.consumer = consumer;
        this.transport = transport;
        this.env = env;
        this.context = Vertx.currentContext();
        this.events = new EventQueue(
                this::invoke,
                (event, cause) -> fail(nameOf(event), cause),
                transport,
                env.metrics().handlerTimer(consumer.getClass()));
    }

    /**
     * Starts a consumer on the current event-loop context: channel, groups, then {@code websocket.connect}.
     *
     * @param scope the connection's scope
     * @param consumer a fresh consumer
     * @param transport the connection
     * @param env what the process shares between connections
     * @return the running driver
     */
    public static ConnectionDriver start(
            Scope scope, Consumer consumer, WebSocketTransport transport, ConsumerEnvironment env) {
        if (Vertx.currentContext() == null) {
            throw new IllegalStateException("Consumers start on a Vert.x context; call from the server's event loop");
        }
        ConnectionDriver driver = new ConnectionDriver(env.nextConnectionId(), scope, consumer, transport, env);
        driver.begin();
        return driver;
    }

    private void begin() {
        handshakeTimer = env.vertx().setTimer(env.handshakeTimeoutMillis(), t -> handshakeTimedOut());
        ChannelLayer layer = env.layer();
        layer.newChannel()
                .compose(name -> {
                    channel = name;
                    return layer.subscribe(name, this::layerMessage);
                })
                .compose(sub -> {
                    subscription = sub;
                    if (state == State.CLOSED) {
                        return Future.succeededFuture();
                    }
                    List<Future<Void>> joins = new ArrayList<>();
                    consumer.groups().forEach(group -> joins.add(groupAdd(group)));
                    Session session = scope.session();
                    if (session != null) {
                        joins.add(groupAdd(SessionWatch.group(session.id())));
                        sessionWatch = SessionWatch.start(
                                context, scope, id(), () -> close(CloseCodes.SESSION_ENDED, "session_ended"));
                    }
                    return joins.isEmpty()
                            ? Future.<Void>succeededFuture()
                            : Future.all(joins).<Void>mapEmpty();
                })
                .onComplete(
                        ok -> events.add(new Event(Kind.CONNECT, () -> consumer.websocketConnect(this))),
                        err -> fail("websocket.connect", err));
    }

    // ---- events from the transport and the layer

    @Override
    public void text(String text) {
        events.addFromClient(new Event(Kind.RECEIVE, () -> consumer.websocketReceive(text, null)));
    }

    @Override
    public void binary(Buffer data) {
        events.addFromClient(new Event(Kind.RECEIVE, () -> consumer.websocketReceive(null, data)));
    }

    @Override
    public void closed(int code) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (failed) {
            events.clear();
        }
        events.add(new Event(Kind.DISCONNECT, () -> consumer.websocketDisconnect(code)));
        events.add(new Event(Kind.CLEANUP, this::cleanUp));
    }

    private void layerMessage(JsonObject message) {
        if (state == State.CLOSED || failed) {
            return;
        }
        if (sessionWatch != null && SessionWatch.ENDED.equals(message.getValue("type"))) {
            close(CloseCodes.SESSION_ENDED, "session_ended");
            return;
        }
        if (events.waiting() >= MAX_PENDING_LAYER_MESSAGES) {
            // never a silent gap: the client is told (4000) and may reconnect and catch up
            if (dropped++ == 0) {
                LOG.warn(
                        "Connection {} ({}) cannot keep up: {} messages wait; closed with 4000 too_slow",
                        id(),
                        consumer.getClass().getSimpleName(),
                        events.waiting());
                close(CloseCodes.TOO_SLOW, "too_slow");
            }
            env.layerMessageDropped();
            return;
        }
        if (streams != null ? streams.offer(message) : StreamPosition.isLossMarker(message)) {
            // taken by a group's cursor, or a loss marker: only numbered messages leave one, and a connection that
            // joined no group with a position opted out of recovering them
            return;
        }
        events.add(message);
    }

    // ---- one event at a time, in order

    private Future<Void> invoke(Object event) {
        if (failed && !(event instanceof Event e && e.kind().runsAfterFailure())) {
            return Future.succeededFuture();
        }
        try {
            Future<Void> result = event instanceof JsonObject message
                    ? consumer.dispatch(message)
                    : ((Event) event).call().get();
            return result == null ? Future.succeededFuture() : result;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The event's name for logs: its Channels event type, or a layer message's {@code type}. */
    private static String nameOf(Object event) {
        return event instanceof JsonObject message
                ? String.valueOf(message.getValue("type"))
                : ((Event) event).kind().type;
    }

    // ---- failures and endings

    private void fail(String eventName, Throwable cause) {
        if (failed) {
            return;
        }
        failed = true;
        HandlerFailure failure = HandlerFailure.of(cause);
        failure.log(
                consumer.getClass().getSimpleName() + " on connection " + id() + " (" + scope.path() + ")",
                eventName,
                cause);
        closeAfterFailure(failure.code, failure.reason);
    }

    private void closeAfterFailure(int code, String reason) {
        switch (state) {
            case CONNECTING -> rejectHandshake(500);
            case OPEN -> {
                state = State.CLOSING;
                transport.close(code, reason);
            }
            default -> {}
        }
    }

    private void handshakeTimedOut() {
        handshakeTimer = -1;
        if (state == State.CONNECTING) {
            LOG.warn(
                    "{} on connection {} neither accepted nor closed within {} ms; refused with 403",
                    consumer.getClass().getSimpleName(),
                    id(),
                    env.handshakeTimeoutMillis());
            rejectHandshake(403);
        }
    }

    private void rejectHandshake(int status) {
        cancelHandshakeTimer();
        transport.reject(status);
        closed(CloseCodes.ABNORMAL);
    }

    private Future<Void> cleanUp() {
        if (finished) {
            return Future.succeededFuture();
        }
        finished = true;
        cancelHandshakeTimer();
        if (sessionWatch != null) {
            sessionWatch.stop();
        }
        ChannelLayer layer = env.layer();
        Future<Void> untracked = untrackAll(layer);
        String[] joined = groups.takeAll();
        Future<Void> left;
        if (joined.length == 1) {
            left = layer.groupDiscard(joined[0], channel);
        } else {
            List<Future<Void>> leaving = Arrays.stream(joined)
                    .map(group -> layer.groupDiscard(group, channel))
                    .toList();
            left = Future.join(leaving).mapEmpty();
        }
        return Future.join(untracked, left)
                .<Void>mapEmpty()
                .eventually(() -> subscription == null ? Future.succeededFuture() : subscription.cancel())
                .onComplete(ar -> transport.released())
                .recover(err -> {
                    LOG.warn("Connection {} could not leave its groups: {}", id(), err.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** Untracks the connection everywhere it is listed: its leave events go out like any untrack's. */
    private Future<Void> untrackAll(ChannelLayer layer) {
        String[] listed = tracked.takeAll();
        if (listed.length == 0) {
            return Future.succeededFuture();
        }
        return Future.join(Arrays.stream(listed)
                        .map(group -> layer.presence().untrack(group, id()))
                        .toList())
                .mapEmpty();
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer >= 0) {
            env.vertx().cancelTimer(handshakeTimer);
            handshakeTimer = -1;
        }
    }

    // ---- the connection as the consumer sees it

    @Override
    public String id() {
        return "c-" + id; // built on demand: ids appear in logs and errors, and an idle connection keeps no string
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public String channelName() {
        return channel;
    }

    @Override
    public ChannelLayer channelLayer() {
        return env.layer();
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public boolean isAccepted() {
        return state == State.OPEN || state == State.CLOSING;
    }

    @Override
    public Future<Void> accept(String subprotocol, Map<String, String> headers) {
        return onContext(() -> {
            if (state != State.CONNECTING) {
                return Future.failedFuture(new IllegalStateException("Connection " + id()
                        + " cannot accept: it is already " + state.name().toLowerCase()));
            }
            if (subprotocol != null && !scope.subprotocols().contains(subprotocol)) {
                return Future.failedFuture(new IllegalArgumentException("Subprotocol '" + subprotocol
                        + "' was not offered by the client; choose one of " + scope.subprotocols()));
            }
            cancelHandshakeTimer();
            state = State.OPEN;
            return transport.accept(subprotocol, headers == null ? Map.of() : headers, this);
        });
    }

    @Override
    public Future<Void> sendText(String text) {
        return sendFrame(TextFrame.of(text));
    }

    @Override
    public Future<Void> sendFrame(TextFrame frame) {
        if (Vertx.currentContext() == context) {
            // the usual caller, a handler on this connection's loop: no task, no capturing lambda per frame
            return isOpen() ? transport.writeText(frame) : notOpen();
        }
        return onContext(() -> isOpen() ? transport.writeText(frame) : notOpen());
    }

    @Override
    public Future<Void> sendBinary(Buffer data) {
        return onContext(() -> isOpen() ? transport.writeBinary(data) : notOpen());
    }

    @Override
    public Future<Void> close(int code, String reason) {
        return onContext(() -> {
            switch (state) {
                case CONNECTING -> {
                    rejectHandshake(403);
                    return Future.succeededFuture();
                }
                case OPEN -> {
                    state = State.CLOSING;
                    return transport.close(code, truncate(reason));
                }
                default -> {
                    return Future.succeededFuture();
                }
            }
        });
    }

    @Override
    public Future<Void> groupAdd(String group) {
        return onContext(() -> {
            if (finished) {
                return Future.failedFuture(new IllegalStateException("Connection " + id() + " has ended"));
            }
            return env.layer().groupAdd(group, channel).onSuccess(v -> groups.joined(group));
        });
    }

    @Override
    public Future<Recovery> groupAdd(String group, StreamPosition since) {
        return onContext(() -> {
            if (finished) {
                return Future.failedFuture(new IllegalStateException("Connection " + id() + " has ended"));
            }
            // Recorded first: leaving a group one never joined is harmless, a membership never left is not
            groups.joined(group);
            // The missed messages follow the answer's callbacks, which run within the completing task
            return streams().join(group, channel, since, first -> context.runOnContext(v -> first.run()));
        });
    }

    @Override
    public Future<Void> groupDiscard(String group) {
        return onContext(() -> {
            if (streams != null) {
                streams.left(group);
            }
            return env.layer().groupDiscard(group, channel).onSuccess(v -> groups.left(group));
        });
    }

    @Override
    public Future<PresenceEntry> track(String group, JsonObject meta) {
        return onContext(() -> {
            if (finished) {
                return Future.failedFuture(new IllegalStateException("Connection " + id() + " has ended"));
            }
            // Recorded first: untracking what was never listed is harmless, an entry never untracked is not
            tracked.joined(group);
            return env.layer().presence().track(group, id(), scope.user().username(), meta);
        });
    }

    @Override
    public Future<Void> untrack(String group) {
        return onContext(() -> {
            tracked.left(group);
            return env.layer().presence().untrack(group, id());
        });
    }

    @Override
    public Future<List<PresenceEntry>> watchPresence(String group) {
        // the events first, the list after: a change between the two is in one or both, never in neither
        return groupAdd(Presence.eventsGroup(group))
                .compose(v -> env.layer().presence().list(group));
    }

    private GroupStreams streams() {
        if (streams == null) {
            streams = new GroupStreams(
                    env.layer(),
                    new GroupStreams.Sink() {
                        @Override
                        public void deliver(JsonObject message) {
                            if (state != State.CLOSED && !failed) {
                                events.add(message);
                            }
                        }

                        @Override
                        public void gap(String group, NotRecovered notRecovered) {
                            if (state != State.CLOSED && !failed) {
                                events.add(new JsonObject()
                                        .put("type", ConsumerConnection.GROUP_GAP)
                                        .put("group", group)
                                        .put("reason", notRecovered.reason())
                                        .put("offset", notRecovered.top().offset())
                                        .put("epoch", notRecovered.top().epoch()));
                            }
                        }

                        @Override
                        public void readFailed(String group, Throwable cause) {
                            LOG.warn(
                                    "Connection {} cannot read the history of group '{}' to fill a gap: {}; closed with 1013",
                                    id(),
                                    group,
                                    cause.getMessage());
                            close(CloseCodes.TRY_AGAIN_LATER, "history_unavailable");
                        }

                        @Override
                        public void overflowed(String group, int held) {
                            LOG.warn(
                                    "Connection {} ({}) cannot keep up: {} messages of group '{}' wait for its"
                                            + " history; closed with 4000 too_slow",
                                    id(),
                                    consumer.getClass().getSimpleName(),
                                    held,
                                    group);
                            close(CloseCodes.TOO_SLOW, "too_slow");
                        }
                    },
                    MAX_PENDING_LAYER_MESSAGES);
        }
        return streams;
    }

    @Override
    public <T> Future<T> executeBlocking(Callable<T> work) {
        return env.workers().executeBlocking(work, false);
    }

    private boolean isOpen() {
        return state == State.OPEN;
    }

    private Future<Void> notOpen() {
        if (state == State.CONNECTING) {
            return Future.failedFuture(
                    new IllegalStateException("Connection " + id + " is not accepted yet; call accept() first"));
        }
        return Future.failedFuture(new ClosedException("Connection " + id + " is closed"));
    }

    /**
     * A send to a socket that has closed meanwhile, as every busy connection's does while a server drains: the
     * client is gone and recovers what it missed elsewhere, so a handler failing with it is no bug.
     */
    static final class ClosedException extends IllegalStateException {
        ClosedException(String message) {
            super(message);
        }
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    /**
     * Cuts a close reason to RFC 6455's 123 bytes of UTF-8, between two characters: a cut inside one would decode
     * to U+FFFD and make the reason longer than the limit again.
     */
    static String truncate(String reason) {
        if (reason == null) {
            return null;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        int end = MAX_CLOSE_REASON_BYTES;
        // bytes[end] is the first byte left out: while it continues a character, that character is left out whole
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
