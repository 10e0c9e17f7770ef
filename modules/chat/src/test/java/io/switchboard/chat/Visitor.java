// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One person with a browser's cookie jar of one cookie, the session's: the account endpoints over HTTP and the
 * room sockets, driven from the test thread.
 */
final class Visitor {

    static final String COOKIE = "vertx-web.session";

    /** An HTTP answer. */
    record Answer(int status, JsonObject body) {}

    private final Vertx vertx;
    private final WebClient http;
    private final WebSocketClient sockets;
    private final int port;
    private String session;
    private HttpResponse<Buffer> last;

    Visitor(Vertx vertx, WebClient http, WebSocketClient sockets, int port) {
        this(vertx, http, sockets, port, null);
    }

    Visitor(Vertx vertx, WebClient http, WebSocketClient sockets, int port, String session) {
        this.vertx = vertx;
        this.http = http;
        this.sockets = sockets;
        this.port = port;
        this.session = session;
    }

    Answer signUp(String username, String password) throws Exception {
        return post(
                "/chat/api/signup", new JsonObject().put("username", username).put("password", password));
    }

    Answer logIn(String username, String password) throws Exception {
        return post(
                "/chat/api/login", new JsonObject().put("username", username).put("password", password));
    }

    Answer logOut() throws Exception {
        return post("/chat/api/logout", new JsonObject());
    }

    Answer me() throws Exception {
        return send(http.get(port, "127.0.0.1", "/chat/api/me"), null);
    }

    /** A GET with this visitor's cookie, for pages and files. */
    HttpResponse<Buffer> get(String path) throws Exception {
        return exchange(http.get(port, "127.0.0.1", path), null);
    }

    /** @return the latest response this visitor got, with its headers */
    HttpResponse<Buffer> last() {
        return last;
    }

    Answer post(String path, JsonObject body) throws Exception {
        return send(http.post(port, "127.0.0.1", path).putHeader("Content-Type", "application/json"), body);
    }

    /** @return the session id the server gave this visitor last, or {@code null} */
    String sessionId() {
        return session;
    }

    ChatSocket enter(String room) throws Exception {
        return enter(room, "");
    }

    /** Enters a room with a query, as a page that comes back names the last position it saw. */
    ChatSocket enter(String room, String query) throws Exception {
        return ChatSocket.open(
                sockets, port, room, query, session == null ? null : COOKIE + "=" + session, room + "@" + port);
    }

    /** The room list of {@code /chat/}. */
    JsonArray rooms() throws Exception {
        HttpResponse<Buffer> response =
                http.get(port, "127.0.0.1", "/chat/api/rooms").send().await(5, TimeUnit.SECONDS);
        return response.bodyAsJsonArray();
    }

    /** Waits until the room list counts {@code count} stored messages in {@code room}. */
    void awaitStored(String room, long count) throws Exception {
        awaitRoom(room, "messages", count);
    }

    /** Waits until the room list counts {@code count} people in {@code room}; 0 when it is not listed. */
    void awaitMembers(String room, long count) throws Exception {
        awaitRoom(room, "members", count);
    }

    private void awaitRoom(String room, String field, long count) throws Exception {
        Promise<Void> reached = Promise.promise();
        poll(room, field, count, System.currentTimeMillis() + 5_000, reached);
        reached.future().await(6, TimeUnit.SECONDS);
    }

    private void poll(String room, String field, long count, long deadline, Promise<Void> reached) {
        http.get(port, "127.0.0.1", "/chat/api/rooms").send().onComplete(ar -> {
            long now = ar.succeeded() ? field(ar.result().bodyAsJsonArray(), room, field) : -1;
            if (now == count) {
                reached.complete();
            } else if (System.currentTimeMillis() > deadline) {
                reached.fail(new AssertionError("room " + room + " has " + now + " " + field + ", not " + count));
            } else {
                vertx.setTimer(20, t -> poll(room, field, count, deadline, reached));
            }
        });
    }

    private static long field(JsonArray rooms, String room, String field) {
        return rooms.stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("name").equals(room))
                .mapToLong(r -> r.getLong(field))
                .findFirst()
                .orElse(0);
    }

    private Answer send(HttpRequest<Buffer> request, JsonObject body) throws Exception {
        HttpResponse<Buffer> response = exchange(request, body);
        Buffer content = response.body();
        JsonObject json = content == null || content.length() == 0 ? null : content.toJsonObject();
        return new Answer(response.statusCode(), json);
    }

    private HttpResponse<Buffer> exchange(HttpRequest<Buffer> request, JsonObject body) throws Exception {
        if (session != null) {
            request.putHeader("Cookie", COOKIE + "=" + session);
        }
        Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body.toBuffer());
        HttpResponse<Buffer> response = sent.await(10, TimeUnit.SECONDS);
        for (String cookie : response.cookies()) {
            remember(cookie);
        }
        last = response;
        return response;
    }

    private void remember(String setCookie) {
        if (!setCookie.startsWith(COOKIE + "=")) {
            return;
        }
        String value = setCookie.substring(COOKIE.length() + 1).split(";", 2)[0];
        String lower = setCookie.toLowerCase(Locale.ROOT);
        session = value.isEmpty() || lower.contains("max-age=0") ? null : value;
    }

    @Override
    public String toString() {
        return "visitor with session " + session;
    }
}
