// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.middleware.impl.CookieSessionStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * Sessions kept in a signed cookie (Django's {@code signed_cookies}): no server keeps them, so every node that has the
 * secret reads them and a restart loses none. The session is signed with HMAC-SHA256, not encrypted: whoever holds
 * the cookie can read what it holds, never change it. A log-out clears the browser's cookie and closes the session's
 * sockets, but a copy of the cookie taken before stays valid until the session's time is up; keep the timeout short
 * when that matters, or keep sessions in a store.
 */
public final class CookieSessions {

    private CookieSessions() {}

    /**
     * Makes a store of signed cookies.
     *
     * @param vertx the process's Vert.x, for session ids
     * @param secret the signing key, at least 32 bytes, the same on every node; changing it logs everyone out
     * @return the store
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static SessionStore store(Vertx vertx, byte[] secret) {
        return CookieSessionStore.create(vertx, secret);
    }
}
