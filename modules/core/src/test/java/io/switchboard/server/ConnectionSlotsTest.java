// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.impl.AppContextImpl;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connection limits give their slots back: every socket that closes frees its TCP and WebSocket slot. */
@ExtendWith(VertxExtension.class)
class ConnectionSlotsTest {

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        LoopbackServer.undeployAll(vertx);
    }

    @Test
    void socketsThatCloseFreeTheirSlotsEvenAfterTheUpgradeReplacedTheHttpConnection(Vertx vertx) throws Exception {
        // two sockets, no reserve: a slot that leaked would refuse the third round
        LoopbackServer server = LoopbackServer.start(
                vertx,
                new ServerOptions().setMaxConnections(2).setConnectionReserve(0),
                app -> ProtocolRouter.builder(app)
                        .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                        .websocket(UrlRouter.builder()
                                .route("/ws/chat/{room}/", Consumers.Chat::new)
                                .build())
                        .build());
        var admission = ((AppContextImpl) server.app).admission();
        for (int round = 0; round < 5; round++) {
            WebSocket first = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
            WebSocket second = server.connect("/ws/chat/lobby/").await(5, TimeUnit.SECONDS);
            assertThat(admission.sockets()).isEqualTo(2);
            first.close().await(5, TimeUnit.SECONDS);
            second.close().await(5, TimeUnit.SECONDS);
            LoopbackServer.awaitCondition(() -> admission.sockets() == 0 && admission.tcpConnections() == 0);
        }
    }
}
