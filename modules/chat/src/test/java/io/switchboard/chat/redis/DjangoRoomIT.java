// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatSocket;
import io.switchboard.testsupport.SharedRedis;
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
 * A real Django Channels chat (the tutorial's consumer, served by daphne, channels_redis as its layer) and
 * Switchboard's chat share one room through Redis: a WebSocket client on each sees the other's messages. Both
 * channels_redis flavours; a prefix of this test's own.
 */
@Timeout(value = 55, unit = TimeUnit.SECONDS)
class DjangoRoomIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(700);

    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<ChatSocket> sockets = new ArrayList<>();
    private Vertx clientVertx;

    @AfterEach
    void stopEverything() throws Exception {
        sockets.forEach(ChatSocket::close);
        // daphne and the chat server go whatever happened in the test
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
    void aClientOnDjangoAndAClientOnSwitchboardSeeEachOthersMessages(String flavour) throws Exception {
        SharedRedis.require();
        DjangoChat.require();
        String prefix = SharedRedis.uniquePrefix("djroom");
        String room = "mixed_" + flavour.replace('-', '_');

        DjangoChat django = DjangoChat.start(flavour, SharedRedis.url(), prefix);
        running.add(django);
        SwitchboardChat switchboard = SwitchboardChat.start(SwitchboardChat.config(flavour, SharedRedis.url(), prefix));
        running.add(switchboard);

        clientVertx = Vertx.vertx();
        WebSocketClient ws = clientVertx.createWebSocketClient();
        ChatSocket onDjango = join(ws, "client of Django", django.port(), room);
        ChatSocket onSwitchboard = join(ws, "client of Switchboard", switchboard.port(), room);

        // Django -> Switchboard: the tutorial's group_send has no user; Switchboard's chat shows it as anonymous
        onDjango.say("hello from Django");
        assertThat(onDjango.pollLive(WAIT))
                .as("Django's own echo; daphne said:%n%s", django.output())
                .isEqualTo(new JsonObject().put("message", "hello from Django"));
        assertThat(onSwitchboard.pollLive(WAIT))
                .as("the Django message on Switchboard; daphne said:%n%s", django.output())
                .isEqualTo(new JsonObject().put("message", "hello from Django").put("user", "anonymous"));

        // Switchboard -> Django: the tutorial's chat_message handler reads only "message"
        onSwitchboard.say("hello from Switchboard");
        JsonObject own = onSwitchboard.pollLive(WAIT);
        assertThat(own).isNotNull();
        assertThat(own.getString("message")).isEqualTo("hello from Switchboard");
        assertThat(own.getString("user")).isEqualTo("anonymous");
        assertThat(onDjango.pollLive(WAIT))
                .as("the Switchboard message on Django; daphne said:%n%s", django.output())
                .isEqualTo(new JsonObject().put("message", "hello from Switchboard"));

        // a few more each way, interleaved: everyone gets everything once, in each sender's order
        List<String> fromDjango = new ArrayList<>();
        List<String> fromSwitchboard = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fromDjango.add("django " + i);
            onDjango.say("django " + i);
            fromSwitchboard.add("switchboard " + i);
            onSwitchboard.say("switchboard " + i);
        }
        for (ChatSocket socket : List.of(onDjango, onSwitchboard)) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                JsonObject frame = socket.pollLive(WAIT);
                assertThat(frame)
                        .as("%s: message %s of 10, after %s", socket, i + 1, texts)
                        .isNotNull();
                texts.add(frame.getString("message"));
            }
            assertThat(socket.drain(QUIET)).as("%s got nothing more", socket).isEmpty();
            assertThat(texts).containsExactlyInAnyOrderElementsOf(concat(fromDjango, fromSwitchboard));
            assertThat(texts.stream().filter(t -> t.startsWith("django")).toList())
                    .isEqualTo(fromDjango);
            assertThat(texts.stream().filter(t -> t.startsWith("switchboard")).toList())
                    .isEqualTo(fromSwitchboard);
        }
        assertThat(onDjango.closeCode()).isNull();
        assertThat(onSwitchboard.closeCode()).isNull();
    }

    private ChatSocket join(WebSocketClient ws, String name, int port, String room) throws Exception {
        ChatSocket socket = ChatSocket.open(ws, port, room, null, name);
        sockets.add(socket);
        return socket;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
