// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.tutorial.TutorialChatConsumer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.switchboard.testkit.WebSocketCommunicator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TutorialChatConsumerTest {

    @Test
    void theReadmeShowsTheTutorialConsumerAsCompiled() throws Exception {
        String source =
                Files.readString(Path.of("src/main/java/io/switchboard/chat/tutorial/TutorialChatConsumer.java"));
        String classBody = source.substring(source.indexOf("public class"));
        assertThat(Files.readString(Path.of("../../README.md"))).contains(classBody.strip());
    }

    @Test
    void twoTutorialConsumersInOneRoomHearEachOther() throws Exception {
        Vertx vertx = Vertx.vertx();
        AppContext app = AppContext.create(vertx, ChannelLayer.memory(vertx), new ServerOptions(), new JsonObject());
        try {
            ProtocolRouter router = ProtocolRouter.builder(app)
                    .websocket(UrlRouter.builder()
                            .route("/ws/chat/{room}/", TutorialChatConsumer::new)
                            .build())
                    .build();
            var alice = WebSocketCommunicator.create(vertx, router, "/ws/chat/lobby/");
            var bob = WebSocketCommunicator.create(vertx, router, "/ws/chat/lobby/");
            assertThat(alice.connect().await(5, TimeUnit.SECONDS).accepted()).isTrue();
            assertThat(bob.connect().await(5, TimeUnit.SECONDS).accepted()).isTrue();
            alice.sendJson(new JsonObject().put("message", "hi bob")).await(5, TimeUnit.SECONDS);
            assertThat(bob.receiveJson(Duration.ofSeconds(5)).await(5, TimeUnit.SECONDS))
                    .isEqualTo(new JsonObject().put("message", "hi bob"));
        } finally {
            app.close();
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
