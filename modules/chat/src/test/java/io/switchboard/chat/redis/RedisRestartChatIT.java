// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatSocket;
import io.switchboard.testsupport.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis is killed and restarted (empty) in the middle of a chat between two Switchboard chat servers that share
 * it: the clients stay connected, a message sent meanwhile is refused to its sender only, and messages flow
 * again once Redis is back. Runs a private redis-server on a free port.
 */
@Timeout(value = 55, unit = TimeUnit.SECONDS)
class RedisRestartChatIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration BACK_WITHIN = Duration.ofSeconds(20);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<ChatSocket> sockets = new ArrayList<>();
    private Vertx clientVertx;

    @AfterEach
    void stopEverything() throws Exception {
        sockets.forEach(ChatSocket::close);
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                System.err.println("Stopping " + running.get(i) + " failed: " + e);
            }
        }
        if (clientVertx != null) {
            clientVertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "redis-pubsub"})
    void clientsStayConnectedAndMessagesFlowAgainAfterRedisIsBack(String flavour) throws Exception {
        RedisServer redis = RedisServer.start();
        running.add(redis);
        SwitchboardChat first = SwitchboardChat.start(SwitchboardChat.config(flavour, redis.url(), "restart"));
        running.add(first);
        SwitchboardChat second = SwitchboardChat.start(SwitchboardChat.config(flavour, redis.url(), "restart"));
        running.add(second);
        clientVertx = Vertx.vertx();
        WebSocketClient ws = clientVertx.createWebSocketClient();
        ChatSocket alice = join(ws, "alice@first", first.port());
        ChatSocket bob = join(ws, "bob@second", second.port());

        alice.say("before");
        assertThat(bob.awaitMessage("before", WAIT))
                .as("bob gets alice's message before the outage")
                .isNotNull();
        assertThat(alice.awaitMessage("before", WAIT))
                .as("alice gets her own message back")
                .isNotNull();

        redis.kill();

        // sent while Redis is down: only its sender hears about it, and nobody is disconnected
        alice.say("during");
        JsonObject error = alice.pollLive(WAIT);
        assertThat(error).as("alice is told her message did not go out").isNotNull();
        assertThat(error.getString("error")).isEqualTo("not_delivered");
        assertThat(bob.drain(Duration.ofMillis(300))).isEmpty();

        redis.restart();

        // the layers reconnect with back-off (at most 2 s between attempts): say it until bob hears it
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        JsonObject heard = null;
        for (int attempt = 0; heard == null && System.nanoTime() < deadline; attempt++) {
            alice.say("after " + attempt);
            heard = bob.awaitMessage("after " + attempt, Duration.ofMillis(500));
        }
        assertThat(heard)
                .as("bob hears alice within %s of the restart", BACK_WITHIN)
                .isNotNull();

        // refusals of the attempts made while the layer was still reconnecting
        alice.drain(Duration.ofMillis(300));

        // and both ways, once each
        bob.say("bob is back");
        alice.say("alice is back");
        for (ChatSocket socket : List.of(alice, bob)) {
            List<String> texts = new ArrayList<>();
            for (JsonObject frame : socket.drain(Duration.ofSeconds(1))) {
                // earlier attempts that were stored while a reader was still reconnecting may come late
                if (!frame.getString("message", "").startsWith("after ")) {
                    texts.add(frame.getString("message"));
                }
            }
            assertThat(texts).as("what %s got", socket).containsExactlyInAnyOrder("bob is back", "alice is back");
        }
        assertThat(alice.closeCode()).as("alice's socket was closed").isNull();
        assertThat(bob.closeCode()).as("bob's socket was closed").isNull();
    }

    private ChatSocket join(WebSocketClient ws, String name, int port) throws Exception {
        ChatSocket socket = ChatSocket.open(ws, port, "outage", null, name);
        sockets.add(socket);
        return socket;
    }
}
