// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CookieSessionStoreTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx = Vertx.vertx();
    private final CookieSessionStore store = CookieSessionStore.create(vertx, SECRET);

    @AfterEach
    void close() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    private Session get(CookieSessionStore from, String value) throws Exception {
        return from.get(value).await(5, TimeUnit.SECONDS);
    }

    @Test
    void theCookieValueIsTheSessionItselfReadBackWithItsIdAndData() throws Exception {
        Session session = store.createSession(60_000);
        session.put("switchboard.user", new JsonObject().put("id", 7).put("username", "carol"));
        session.put("count", 3);

        Session read = get(store, session.value());

        assertThat(read.id()).isEqualTo(session.id());
        assertThat(read.<JsonObject>get("switchboard.user").getString("username"))
                .isEqualTo("carol");
        assertThat(read.<Integer>get("count")).isEqualTo(3);
    }

    @Test
    void aChangedCookieIsNoSession() throws Exception {
        Session session = store.createSession(60_000);
        session.put("role", "user");
        String value = session.value();
        String data = value.substring(0, value.indexOf('.'));
        char last = data.charAt(data.length() - 1);
        String tampered =
                data.substring(0, data.length() - 1) + (last == 'A' ? 'B' : 'A') + value.substring(data.length());

        assertThat(get(store, tampered)).isNull();
        assertThat(get(store, "no-dot-at-all")).isNull();
        assertThat(get(store, "!!!.###")).isNull();
        assertThat(get(store, null)).isNull();
    }

    @Test
    void aCookieSignedWithAnotherSecretIsNoSession() throws Exception {
        CookieSessionStore other = CookieSessionStore.create(
                vertx, "another secret, also 32 bytes ok".getBytes(StandardCharsets.US_ASCII));
        Session session = other.createSession(60_000);
        session.put("role", "admin");

        assertThat(get(store, session.value())).isNull();
        assertThat(get(other, session.value())).isNotNull();
    }

    @Test
    void anExpiredCookieIsNoSession() throws Exception {
        Session session = store.createSession(1);
        String value = session.value();
        vertx.timer(5).await(5, TimeUnit.SECONDS);

        assertThat(get(store, value)).isNull();
    }
}
