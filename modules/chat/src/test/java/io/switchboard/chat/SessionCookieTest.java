// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.CloseCodes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionCookieTest extends ChatOnH2 {

    @Test
    void pageViewsWithoutACookieStoreNoSessionAndSetNoCookie() throws Exception {
        start(new JsonObject());
        List<Future<HttpResponse<Buffer>>> views = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            views.add(server.http().get(server.port(), "127.0.0.1", "/chat/").send());
        }
        List<HttpResponse<Buffer>> answered =
                Future.all(views).await(20, TimeUnit.SECONDS).list();
        assertThat(answered).allSatisfy(page -> {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.cookies()).isEmpty();
        });

        Visitor reader = server.visitor();
        assertThat(reader.get("/chat/lobby/").statusCode()).isEqualTo(200);
        assertThat(reader.me().body().getValue("user")).isNull();
        assertThat(reader.logOut().status()).isEqualTo(200);
        assertThat(reader.last().cookies()).isEmpty();
        assertThat(reader.sessionId()).isNull();
        assertThat(server.storedSessions()).isZero();

        assertThat(reader.signUp("reader", "a long password").status()).isEqualTo(201);
        assertThat(server.storedSessions())
                .as("the log-in is the first thing stored")
                .isEqualTo(1);
    }

    @Test
    void aCookieNamingNoSessionStoresNothing() throws Exception {
        start(new JsonObject());
        HttpResponse<Buffer> me = server.http()
                .get(server.port(), "127.0.0.1", "/chat/api/me")
                .putHeader("Cookie", Visitor.COOKIE + "=" + "0123456789abcdef0123456789abcdef")
                .send()
                .await(5, TimeUnit.SECONDS);
        assertThat(me.bodyAsJsonObject().getValue("user")).isNull();
        assertThat(me.cookies()).as("no new session's cookie").isEmpty();
        assertThat(server.storedSessions()).isZero();
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxAndLastsTheSessionTimeoutButIsNotSecureWithoutTls() throws Exception {
        start(new JsonObject().put("sessionTimeout", 3600));
        Visitor visitor = server.visitor();
        assertThat(visitor.signUp("plain", "a long password").status()).isEqualTo(201);
        assertThat(sessionCookie(visitor))
                .contains("; httponly", "; samesite=lax", "; max-age=3600")
                .doesNotContain("; secure");
    }

    @Test
    void secureCookieMarksTheCookieSecure() throws Exception {
        start(new JsonObject().put("secureCookie", true));
        Visitor visitor = server.visitor();
        assertThat(visitor.signUp("behind-a-proxy", "a long password").status()).isEqualTo(201);
        assertThat(sessionCookie(visitor)).contains("; secure", "; httponly", "; samesite=lax");
    }

    @Test
    void loggingOutClosesTheSessionsSocketsWith4001() throws Exception {
        start(new JsonObject());
        Visitor alice = server.visitor();
        assertThat(alice.signUp("alice", "alice's password").status()).isEqualTo(201);
        Visitor bob = server.visitor();
        try (ChatSocket aliceTab = alice.enter("lobby");
                ChatSocket otherAliceTab = alice.enter("kitchen");
                ChatSocket bobTab = bob.enter("lobby")) {
            aliceTab.history();
            otherAliceTab.history();
            bobTab.history();

            assertThat(alice.logOut().status()).isEqualTo(200);

            ChatSocket.Close expected = new ChatSocket.Close((short) CloseCodes.SESSION_ENDED, "session_ended");
            assertThat(aliceTab.awaitClose()).isEqualTo(expected);
            assertThat(otherAliceTab.awaitClose()).isEqualTo(expected);
            bobTab.say("still here");
            assertThat(bobTab.message().getString("message")).isEqualTo("still here");
        }
        assertThat(server.storedSessions()).isZero();
    }

    /** The session cookie the visitor was given last, in lower case: attribute names are case-insensitive. */
    private static String sessionCookie(Visitor visitor) {
        assertThat(visitor.last().cookies()).hasSize(1);
        return visitor.last().cookies().get(0).toLowerCase(Locale.ROOT);
    }
}
