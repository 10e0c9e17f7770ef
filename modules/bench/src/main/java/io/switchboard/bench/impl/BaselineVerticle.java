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
 * One instance of the raw baseline chat server: an HTTP server on the shared port accepting WebSockets on
 * {@code /ws/chat/{room}/}. A text frame {@code {"message": text}} is decoded, encoded once as the chat's broadcast
 * frame {@code {"id": ..., "message": text, "user": "anonymous", "at": millis}} and written to every socket of the
 * room, the sender included: the same protocol, so that both servers write and the client reads the same bytes.
 */
public final class BaselineVerticle extends VerticleBase {

    private static final String PREFIX = "/ws/chat/";
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
        if (path == null || !path.startsWith(PREFIX) || !path.endsWith("/") || path.length() <= PREFIX.length() + 1) {
            return null;
        }
        String room = path.substring(PREFIX.length(), path.length() - 1);
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

    private void handshake(ServerWebSocketHandshake handshake) {
        if (roomOf(handshake.path()) == null) {
            handshake.reject(404);
        } else {
            handshake.accept();
        }
    }

    private void connected(ServerWebSocket ws) {
        String name = roomOf(ws.path());
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
            Buffer payload = new JsonObject()
                    .put("id", nextId())
                    .put("message", message)
                    .put("user", "anonymous")
                    .put("at", System.currentTimeMillis())
                    .toBuffer();
            room.broadcast(payload);
        });
    }
}
