// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A page that lost its connection comes back with the last position it saw: it gets exactly what it missed, then
 * the live messages, with nothing lost and nothing twice, while the room goes on; or, when that cannot be, an
 * explicit {"recovered": false} and the stored history. On the memory layer, with the chat's defaults.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private H2TestDatabase database;
    private ChatServer server;
    private Visitor visitor;

    @BeforeEach
    void start() throws Exception {
        database = new H2TestDatabase();
        server = ChatServer.start(database, new JsonObject());
        visitor = server.visitor();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            server.stop();
        } finally {
            database.close();
        }
    }

    private ChatSocket enter(String room, String query) throws Exception {
        return visitor.enter(room, query);
    }

    private static String positionOf(JsonObject frame) {
        return "offset=" + frame.getLong("offset") + "&epoch=" + frame.getString("epoch");
    }

    @Test
    void aPageAwayWhileTheRoomTalksGetsExactlyWhatItMissedThenTheLiveMessages() throws Exception {
        ChatSocket sender = enter("busy", "");
        ChatSocket reader = enter("busy", "");
        sender.history();
        JsonObject entered = reader.next();
        assertThat(entered.getJsonArray("history")).isEmpty();
        assertThat(entered.getLong("offset")).isZero();
        // 90 messages in all (within one sender's burst allowance); the reader leaves after 30 and comes back
        // while the last 30 are being sent
        int total = 90;
        List<String> seen = new ArrayList<>();
        JsonObject last = null;
        for (int n = 1; n <= 30; n++) {
            sender.say("m" + n);
            last = reader.awaitMessage("m" + n, WAIT);
            assertThat(last).as("m%s live", n).isNotNull();
            seen.add(last.getString("message"));
        }
        reader.close();
        for (int n = 31; n <= 60; n++) {
            sender.say("m" + n);
        }
        ChatSocket back = enter("busy", positionOf(last));
        for (int n = 61; n <= total; n++) {
            sender.say("m" + n);
        }
        JsonObject answer = back.next();
        assertThat(answer.getBoolean("recovered")).as("answer %s", answer).isTrue();
        // a control frame moves no page: it carries no position
        assertThat(answer.containsKey("offset")).isFalse();
        long offset = last.getLong("offset");
        while (seen.size() < total) {
            JsonObject frame = back.pollLive(WAIT);
            assertThat(frame).as("message %s of %s", seen.size() + 1, total).isNotNull();
            assertThat(frame.getLong("offset")).isEqualTo(++offset);
            seen.add(frame.getString("message"));
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= total; n++) {
            expected.add("m" + n);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        back.nothing(Duration.ofMillis(200));
        sender.close();
        back.close();
    }

    @Test
    void aPositionOfAnotherEpochIsNotRecoveredAndTheStoredHistoryFollows() throws Exception {
        ChatSocket sender = enter("lost", "");
        sender.history();
        sender.say("kept in the database");
        sender.message();
        visitor.awaitStored("lost", 1);
        ChatSocket back = enter("lost", "offset=12&epoch=before-a-restart");
        JsonObject answer = back.next();
        assertThat(answer.getBoolean("recovered")).isFalse();
        JsonObject history = back.next();
        assertThat(history.getLong("offset"))
                .as("the position live messages follow")
                .isEqualTo(1);
        assertThat(history.getJsonArray("history").stream()
                        .map(m -> ((JsonObject) m).getString("message"))
                        .toList())
                .containsExactly("kept in the database");
        sender.close();
        back.close();
    }

    @Test
    void aMalformedPositionIsAnErrorFrameAndTheConnectionGoesOnAsAFirstOne() throws Exception {
        ChatSocket page = enter("odd", "offset=twelve&epoch=x");
        JsonObject error = page.next();
        assertThat(error.getString("error")).isEqualTo("invalid_position");
        assertThat(page.history()).isEmpty();
        page.say("still usable");
        assertThat(page.message().getString("message")).isEqualTo("still usable");
        page.close();
    }

    /**
     * A page sends again, with the same cid, what it did not see come back before its socket dropped: the room had it
     * already, so the page gets an answer and nobody gets it twice, nor is it stored twice.
     */
    @Test
    void aMessageSentAgainWithItsCidIsAnsweredNotSentTwice() throws Exception {
        ChatSocket reader = enter("again", "");
        ChatSocket writer = enter("again", "");
        reader.history();
        writer.history();
        writer.send(new JsonObject().put("message", "once").put("cid", "c-0001"));
        JsonObject echo = writer.message();
        assertThat(echo.getString("cid")).isEqualTo("c-0001");
        assertThat(reader.message().getString("message")).isEqualTo("once");
        writer.close();
        ChatSocket back = enter("again", positionOf(echo));
        assertThat(back.next().getBoolean("recovered")).isTrue();
        back.send(new JsonObject().put("message", "once").put("cid", "c-0001"));
        JsonObject ack = back.next();
        assertThat(ack.getString("ack")).isEqualTo("c-0001");
        assertThat(ack.getBoolean("duplicate")).isTrue();
        // a new cid is a new message
        back.send(new JsonObject().put("message", "twice").put("cid", "c-0002"));
        assertThat(back.message().getString("cid")).isEqualTo("c-0002");
        assertThat(reader.message().getString("message")).isEqualTo("twice");
        reader.nothing(Duration.ofMillis(300));
        visitor.awaitStored("again", 2);
        ChatSocket late = enter("again", "");
        assertThat(late.history()).extracting(m -> m.getString("message")).containsExactly("once", "twice");
        reader.close();
        back.close();
        late.close();
    }

    @Test
    void aMalformedCidIsAnErrorFrameAndErrorsNameAGoodOne() throws Exception {
        ChatSocket page = enter("cids", "");
        page.history();
        page.send(new JsonObject().put("message", "x").put("cid", "no spaces please"));
        assertThat(page.next().getString("error")).isEqualTo("invalid_cid");
        page.send(new JsonObject().put("message", " ").put("cid", "c-1"));
        JsonObject error = page.next();
        assertThat(error.getString("error")).isEqualTo("message_required");
        assertThat(error.getString("cid")).isEqualTo("c-1");
        page.say("still usable");
        assertThat(page.message().getString("message")).isEqualTo("still usable");
        page.close();
    }
}
