// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance of the raw baseline chat server: an HTTP server on the shared port accepting WebSockets on two paths,
 * each speaking one protocol of the chat jar, so that both servers write and the client reads the same bytes.
 *
 * <ul>
 *   <li>{@code /ws/tutorial/{room}/}, the Channels tutorial's protocol: a text frame {@code {"message": text}} is
 *       decoded, encoded once as {@code {"message": text}} and written to every socket of the room, the sender
 *       included; nothing else. The chat jar's {@code TutorialChatConsumer} does the same work.
 *   <li>{@code /ws/chat/{room}/}, the chat's protocol: the same, but the frame written is the chat's broadcast
 *       {@code {"id": ..., "message": text, "user": "anonymous", "at": millis}}.
 * </ul>
 *
 * Rooms of the two paths are apart, as the chat jar's groups are.
 */
public final class BaselineVerticle extends VerticleBase {

    private static final String CHAT = "/ws/chat/";
    private static final String TUTORIAL = "/ws/tutorial/";
    private static final AtomicInteger LOGGED = new AtomicInteger();
    /** Message ids of the chat's size (24 hex digits); unique in this process, which is all a baseline needs. */
    private static final AtomicLong IDS = new AtomicLong();

    private final Rooms rooms;
    private final String host;
    private final int port;
    private final boolean strictThreadMode;
    private HttpServer server;

    /**
     * @param rooms  shared by every instance
     * @param host  the address to bind
     * @param port  the port, 0 for any
     * @param strictThreadMode  Vert.x's strict thread mode: HTTP answers only on the request's event loop
     */
    public BaselineVerticle(Rooms rooms, String host, int port, boolean strictThreadMode) {
        this.rooms = rooms;
        this.host = host;
        this.port = port;
        this.strictThreadMode = strictThreadMode;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(
                        new HttpServerOptions().setHost(host).setPort(port).setStrictThreadMode(strictThreadMode))
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::connected)
                .requestHandler(req -> req.response().setStatusCode(404).end());
        return server.listen();
    }

    /** @return the port this instance listens on */
    public int actualPort() {
        return server.actualPort();
    }

    /** @return the room name in {@code /ws/chat/{room}/}, or null when the path does not match */
    static String roomOf(String path) {
        return roomOf(CHAT, path);
    }

    /** @return the room name in {@code /ws/tutorial/{room}/}, or null when the path does not match */
    static String tutorialRoomOf(String path) {
        return roomOf(TUTORIAL, path);
    }

    private static String roomOf(String prefix, String path) {
        if (path == null || !path.startsWith(prefix) || !path.endsWith("/") || path.length() <= prefix.length() + 1) {
            return null;
        }
        String room = path.substring(prefix.length(), path.length() - 1);
        if (room.length() > 90) {
            return null;
        }
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!ok) {
                return null;
            }
        }
        return room;
    }

    private static String nextId() {
        String hex = Long.toHexString(IDS.incrementAndGet());
        return "0".repeat(24 - hex.length()) + hex;
    }

    private static Buffer tutorialFrame(String message) {
        return new JsonObject().put("message", message).toBuffer();
    }

    private static Buffer chatFrame(String message) {
        return new JsonObject()
                .put("id", nextId())
                .put("message", message)
                .put("user", "anonymous")
                .put("at", System.currentTimeMillis())
                .toBuffer();
    }

    private void handshake(ServerWebSocketHandshake handshake) {
        if (roomOf(handshake.path()) == null && tutorialRoomOf(handshake.path()) == null) {
            handshake.reject(404);
        } else {
            handshake.accept();
        }
    }

    private void connected(ServerWebSocket ws) {
        String chatRoom = roomOf(ws.path());
        boolean tutorial = chatRoom == null;
        // the key keeps the two protocols' rooms apart; a slug holds no '/'
        String name = tutorial ? "tutorial/" + tutorialRoomOf(ws.path()) : chatRoom;
        Room room = rooms.join(name, ws);
        ws.closeHandler(v -> rooms.leave(name, ws));
        ws.exceptionHandler(e -> {
            if (LOGGED.incrementAndGet() <= 10) {
                System.err.println("baseline: connection in room " + name + " failed: " + e);
            }
        });
        ws.textMessageHandler(text -> {
            String message;
            try {
                message = new JsonObject(text).getString("message");
            } catch (DecodeException | ClassCastException e) {
                ws.close((short) 1007, "invalid_json");
                return;
            }
            if (message == null) {
                ws.close((short) 1007, "missing_message");
                return;
            }
            room.broadcast(tutorial ? tutorialFrame(message) : chatFrame(message));
        });
    }
}
