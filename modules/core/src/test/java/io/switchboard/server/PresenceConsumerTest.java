// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence through consumers, on a real server and real sockets: a consumer that watches a group gets who is there
 * and then every join and leave; a connection's entries go when it ends, however it ends; a member that did not
 * ask hears no presence event.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PresenceConsumerTest {

    /** Tracks itself in lobby_{room} as ?name=, watches it, and tells its client who is there and who comes. */
    static final class Lobby extends JsonWebSocketConsumer {
        Lobby() {
            on(Presence.JOIN, event -> sendJson(new JsonObject().put("join", nameOf(event))));
            on(Presence.LEAVE, event -> sendJson(new JsonObject().put("leave", nameOf(event))));
        }

        private static String nameOf(JsonObject event) {
            return PresenceEntry.fromJson(event.getJsonObject("entry")).meta().getString("name");
        }

        @Override
        protected Future<Void> connect() {
            String group = "lobby_" + scope().routeParam("room");
            return accept().compose(v -> watchPresence(group))
                    .compose(present -> sendJson(new JsonObject()
                            .put(
                                    "present",
                                    new JsonArray(present.stream()
                                            .map(e -> e.meta().getString("name"))
                                            .toList()))))
                    .compose(v -> track(group, new JsonObject().put("name", scope().queryParam("name"))))
                    .mapEmpty();
        }
    }

    /** Joins lobby_{room} and its presence, but does not watch: echoes what its client says. */
    static final class Quiet extends JsonWebSocketConsumer {
        @Override
        protected Future<Void> connect() {
            String group = "lobby_" + scope().routeParam("room");
            return groupAdd(group)
                    .compose(v -> accept())
                    .compose(v -> track(group, null))
                    .mapEmpty();
        }

        @Override
        protected Future<Void> receiveJson(JsonObject content) {
            return sendJson(content);
        }
    }

    private LoopbackServer server;
    /** Held for the test: Vert.x closes a client that becomes garbage, with its sockets. */
    private NetClient rawClient;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        server = LoopbackServer.start(
                vertx,
                app -> ProtocolRouter.builder(app)
                        .websocket(UrlRouter.builder()
                                .route("/ws/lobby/{room}/", Lobby::new)
                                .route("/ws/quiet/{room}/", Quiet::new)
                                .build())
                        .build());
    }

    @AfterEach
    void undeploy(Vertx vertx) throws Exception {
        if (rawClient != null) {
            rawClient.close().await(5, TimeUnit.SECONDS);
        }
        LoopbackServer.undeployAll(vertx);
    }

    private record Client(WebSocket socket, BlockingQueue<JsonObject> frames) {
        JsonObject next() throws InterruptedException {
            JsonObject frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }
    }

    private Client connect(String path) throws Exception {
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = server.client
                .connect(server.options(path))
                .onSuccess(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text))))
                .await(10, TimeUnit.SECONDS);
        return new Client(socket, frames);
    }

    private List<PresenceEntry> present(String group) throws Exception {
        return server.layer.presence().list(group).await(5, TimeUnit.SECONDS);
    }

    @Test
    void aWatcherGetsWhoIsThereThenEveryJoinAndLeave() throws Exception {
        Client ann = connect("/ws/lobby/a/?name=ann");
        assertThat(ann.next()).isEqualTo(new JsonObject().put("present", new JsonArray()));
        // its own track comes back as a join: it watches before it tracks
        assertThat(ann.next()).isEqualTo(new JsonObject().put("join", "ann"));
        Client bob = connect("/ws/lobby/a/?name=bob");
        assertThat(bob.next()).isEqualTo(new JsonObject().put("present", new JsonArray().add("ann")));
        assertThat(bob.next()).isEqualTo(new JsonObject().put("join", "bob"));
        assertThat(ann.next()).isEqualTo(new JsonObject().put("join", "bob"));
        assertThat(present("lobby_a"))
                .extracting(e -> e.meta().getString("name"))
                .containsExactly("ann", "bob");
        bob.socket().close();
        assertThat(ann.next()).isEqualTo(new JsonObject().put("leave", "bob"));
        assertThat(present("lobby_a"))
                .extracting(e -> e.meta().getString("name"))
                .containsExactly("ann");
    }

    @Test
    void aDroppedConnectionIsUntrackedEverywhereItWasListed(Vertx vertx) throws Exception {
        rawClient = vertx.createNetClient();
        Client watcher = connect("/ws/lobby/b/?name=watcher");
        watcher.next();
        watcher.next();
        // a raw socket does the handshake by hand, then goes without a close frame
        NetSocket dropped = rawClient.connect(server.port(), "127.0.0.1").await(5, TimeUnit.SECONDS);
        dropped.write("GET /ws/lobby/b/?name=dropped HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");
        assertThat(watcher.next()).isEqualTo(new JsonObject().put("join", "dropped"));
        dropped.close();
        assertThat(watcher.next()).isEqualTo(new JsonObject().put("leave", "dropped"));
        assertThat(present("lobby_b")).hasSize(1);
    }

    @Test
    void aMemberThatDidNotAskHearsNoPresenceEvent() throws Exception {
        Client quiet = connect("/ws/quiet/c/");
        LoopbackServer.awaitCondition(() -> {
            try {
                return present("lobby_c").size() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Client loud = connect("/ws/lobby/c/?name=loud");
        assertThat(loud.next().getJsonArray("present")).hasSize(1);
        assertThat(loud.next()).isEqualTo(new JsonObject().put("join", "loud"));
        // a presence event with no handler would have closed it with 1011: it still answers
        quiet.socket().writeTextMessage("{\"still\": \"here\"}");
        assertThat(quiet.next()).isEqualTo(new JsonObject().put("still", "here"));
        assertThat(present("lobby_c").get(0).user()).isEqualTo("anonymous");
    }
}
