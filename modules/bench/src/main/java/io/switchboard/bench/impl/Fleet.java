// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The client side of a run: a Vert.x instance with one {@link Lane} per event loop, one WebSocket client per source
 * address, and the members with their targets. Opens the connections with a bounded number in flight and closes
 * them at the end. Methods other than the connection callbacks are called from the run's main thread.
 */
final class Fleet {

    final Vertx vertx;
    final List<Lane> lanes = new ArrayList<>();
    final List<Member> members = new ArrayList<>();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger closedEarly = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final int concurrency;
    private volatile boolean closing;

    private Fleet(BenchOptions options) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.threads()));
        this.concurrency = options.connectConcurrency();
        List<String> addresses = options.localAddresses().isEmpty() ? List.of("") : options.localAddresses();
        for (String address : addresses) {
            WebSocketClientOptions co = new WebSocketClientOptions()
                    // -1 ("no limit") makes Vert.x 5.0.10's WebSocketGroup queue every connect forever
                    .setMaxConnections(Integer.MAX_VALUE)
                    .setConnectTimeout(10_000)
                    .setReuseAddress(true);
            if (!address.isEmpty()) {
                co.setLocalAddress(address);
            }
            clients.add(vertx.createWebSocketClient(co));
        }
    }

    /**
     * Starts the client and lays out the members: room by room, members of a room round-robin over the URLs, lanes
     * and source addresses round-robin over all members. Blocking: call from the main thread.
     */
    static Fleet create(BenchOptions options) throws Exception {
        Fleet fleet = new Fleet(options);
        List<Lane> deployed = fleet.lanes;
        fleet.vertx
                .deployVerticle(
                        () -> {
                            synchronized (deployed) {
                                Lane lane = new Lane(deployed.size());
                                deployed.add(lane);
                                return lane;
                            }
                        },
                        new DeploymentOptions().setInstances(options.threads()))
                .await(10, TimeUnit.SECONDS);
        String tag = Long.toString(
                ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
        boolean idle = options.scenario() == Scenario.IDLE;
        for (int id = 0; id < options.connections(); id++) {
            int room = idle ? id % options.rooms() : id / options.members();
            int inRoom = idle ? id / options.rooms() : id % options.members();
            int urlIndex =
                    (options.members() > 1 ? inRoom : id) % options.urls().size();
            URI url = options.urls().get(urlIndex);
            String host = url.getHost().startsWith("[")
                    ? url.getHost().substring(1, url.getHost().length() - 1)
                    : url.getHost();
            String roomName = "b" + tag + "-" + room;
            WebSocketConnectOptions target = new WebSocketConnectOptions()
                    .setHost(host)
                    .setPort(url.getPort())
                    .setURI(options.path().replace("{room}", roomName));
            Lane lane = fleet.lanes.get(id % fleet.lanes.size());
            Member m = new Member(id, room, inRoom, lane, id % fleet.clients.size(), target);
            fleet.members.add(m);
            lane.members.add(m);
        }
        return fleet;
    }

    /**
     * Connects every member, at most {@code concurrency} attempts in flight, each on its lane's context.
     *
     * @param onOpen  runs on the lane's context when a member's connection is open
     * @return completes when every attempt has finished, whatever its outcome
     */
    Future<Void> connectAll(Consumer<Member> onOpen) {
        Promise<Void> done = Promise.promise();
        int n = members.size();
        if (n == 0) {
            return Future.succeededFuture();
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < Math.min(concurrency, n); i++) {
            connectNext(next, finished, done, onOpen);
        }
        return done.future();
    }

    private void connectNext(AtomicInteger next, AtomicInteger finished, Promise<Void> done, Consumer<Member> onOpen) {
        int i = next.getAndIncrement();
        if (i >= members.size()) {
            return;
        }
        Member m = members.get(i);
        m.lane.context().runOnContext(v -> {
            if (closing) {
                finish(finished, done);
                connectNext(next, finished, done, onOpen);
                return;
            }
            clients.get(m.client).connect(m.target).onComplete(ar -> {
                if (ar.succeeded()) {
                    WebSocket ws = ar.result();
                    m.ws = ws;
                    ws.closeHandler(x -> {
                        if (!closing) {
                            closedEarly.incrementAndGet();
                        }
                    });
                    ws.exceptionHandler(e -> firstError.compareAndSet(null, "connection " + m.id + ": " + e));
                    connected.incrementAndGet();
                    onOpen.accept(m);
                } else {
                    failures.incrementAndGet();
                    firstError.compareAndSet(
                            null,
                            "connect " + m.target.getHost() + ":" + m.target.getPort() + m.target.getURI() + ": "
                                    + ar.cause());
                }
                finish(finished, done);
                connectNext(next, finished, done, onOpen);
            });
        });
    }

    private void finish(AtomicInteger finished, Promise<Void> done) {
        if (finished.incrementAndGet() == members.size()) {
            done.tryComplete();
        }
    }

    /** Stops new connection attempts; attempts already in flight still finish. */
    void stopConnecting() {
        closing = true;
    }

    /** Closes every connection and the client. Blocking, bounded: call from the main thread. */
    void close() {
        closing = true;
        List<Future<Void>> closes = new ArrayList<>();
        for (Member m : members) {
            if (m.ws != null) {
                closes.add(m.ws.close());
            }
        }
        try {
            Future.join(closes).await(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a connection that does not close in time is dropped with the client below
        }
        try {
            vertx.close().await(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            firstError.compareAndSet(null, "client shutdown: " + e);
        }
    }
}
