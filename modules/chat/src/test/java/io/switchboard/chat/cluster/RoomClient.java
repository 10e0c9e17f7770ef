// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A chat participant whose texts start with its room's name, so that a message from another room shows at once: it
 * fails the test, and so does an error frame. The history frame on entry is left out: these tests count live
 * messages only.
 */
final class RoomClient {

    private final String room;
    private final ChatSocket socket;

    private RoomClient(String room, ChatSocket socket) {
        this.room = room;
        this.socket = socket;
    }

    /** Connects to {@code /ws/chat/<room>/} of the server on {@code 127.0.0.1:port}. */
    static RoomClient connect(WebSocketClient client, int port, String room, String name) throws Exception {
        return new RoomClient(room, ChatSocket.open(client, port, room, null, name));
    }

    String name() {
        return socket.toString();
    }

    String room() {
        return room;
    }

    /** Sends {@code "<room>: <text>"} to the room. */
    void say(String text) throws Exception {
        socket.say(room + ": " + text);
    }

    /** The next text for this client, without the room prefix, or {@code null} if none came in time. */
    String next(Duration wait) throws InterruptedException {
        JsonObject frame = socket.pollLive(wait);
        if (frame == null) {
            return null;
        }
        assertThat(frame.containsKey("error"))
                .as("%s received an error frame: %s", this, frame)
                .isFalse();
        String text = frame.getString("message");
        assertThat(text)
                .as("%s (room %s) received another room's message", this, room)
                .startsWith(room + ": ");
        return text.substring(room.length() + 2);
    }

    void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return socket.toString();
    }
}
