// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stopping server closes its sockets with 1012 a batch at a time over {@code server.drainPeriod}, so that its
 * clients come back elsewhere a few at a time, and refuses new ones meanwhile.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrainTest {

    private record Closed(long atNanos, Short code, String reason) {}

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    @Test
    void socketsCloseWith1012InBatchesSpreadOverTheDrainPeriodAndNewOnesAreRefused(Vertx vertx) throws Exception {
        LoopbackServer server = LoopbackServer.start(
                vertx,
                new ServerOptions().setDrainPeriod(1),
                app -> ProtocolRouter.builder(app)
                        .websocket(UrlRouter.builder()
                                .route("/ws/chat/{room}/", Consumers.Chat::new)
                                .build())
                        .build());
        int count = 40;
        ConcurrentLinkedQueue<Closed> closes = new ConcurrentLinkedQueue<>();
        CountDownLatch allClosed = new CountDownLatch(count);
        CountDownLatch firstClosed = new CountDownLatch(1);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WebSocket ws = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
            ws.closeHandler(v -> {
                closes.add(new Closed(System.nanoTime(), ws.closeStatusCode(), ws.closeReason()));
                allClosed.countDown();
                firstClosed.countDown();
            });
            sockets.add(ws);
        }
        assertThat(server.verticle.openConnections()).isEqualTo(count);

        long start = System.nanoTime();
        var stopped = vertx.undeploy(vertx.deploymentIDs().iterator().next());
        // once the drain has begun, a new socket is refused
        assertThat(firstClosed.await(5, TimeUnit.SECONDS)).isTrue();
        Throwable refused = server.connect("/ws/chat/lobby/")
                .transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause()))
                .await(5, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
        assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(503);
        assertThat(allClosed.await(10, TimeUnit.SECONDS))
                .as("every socket closed")
                .isTrue();
        stopped.await(10, TimeUnit.SECONDS);

        assertThat(closes).allSatisfy(c -> {
            assertThat(c.code()).isEqualTo((short) 1012);
            assertThat(c.reason()).isEqualTo("service_restart");
        });
        long first = closes.stream().mapToLong(Closed::atNanos).min().orElseThrow();
        long last = closes.stream().mapToLong(Closed::atNanos).max().orElseThrow();
        // 40 sockets over 1 s: 4 every 100 ms, so the last closes at least 0.9 s after the first (timers never fire
        // early); all at once would be a few milliseconds
        assertThat(TimeUnit.NANOSECONDS.toMillis(last - first)).isGreaterThanOrEqualTo(800);
        assertThat(TimeUnit.NANOSECONDS.toMillis(first - start)).isLessThan(1_000);
    }
}
