// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
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
 * A suspended process (a node cut off from its cluster) closes its sockets with 1012, refuses new ones with 503
 * naming why, and takes clients again once resumed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SuspensionTest {

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    @Test
    void aSuspendedServerClosesItsSocketsRefusesNewOnesAndServesAgainOnceResumed(Vertx vertx) throws Exception {
        LoopbackServer server = LoopbackServer.start(
                vertx,
                new ServerOptions().setDrainPeriod(0),
                app -> ProtocolRouter.builder(app)
                        .websocket(UrlRouter.builder()
                                .route("/ws/chat/{room}/", Consumers.Chat::new)
                                .build())
                        .build());
        int count = 5;
        ConcurrentLinkedQueue<Short> codes = new ConcurrentLinkedQueue<>();
        CountDownLatch allClosed = new CountDownLatch(count);
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WebSocket ws = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
            ws.closeHandler(v -> {
                codes.add(ws.closeStatusCode());
                allClosed.countDown();
            });
            sockets.add(ws);
        }

        assertThat(server.app.availability().suspend("the node is cut off from its cluster"))
                .isTrue();
        assertThat(server.app.availability().suspend("again"))
                .as("already suspended")
                .isFalse();

        assertThat(allClosed.await(10, TimeUnit.SECONDS))
                .as("every socket closed")
                .isTrue();
        assertThat(codes).containsOnly((short) 1012);
        Throwable refused = server.connect("/ws/chat/lobby/")
                .transform(ar -> Future.succeededFuture(ar.cause()))
                .await(5, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOf(UpgradeRejectedException.class);
        assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(503);
        assertThat(server.app.availability().suspension()).isEqualTo("the node is cut off from its cluster");

        assertThat(server.app.availability().resume()).isTrue();
        WebSocket back = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
        assertThat(back.isClosed()).isFalse();
        back.close();
    }
}
