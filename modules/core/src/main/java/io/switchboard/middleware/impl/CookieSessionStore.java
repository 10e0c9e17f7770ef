// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sessions kept in their cookie, signed with HMAC-SHA256 under a secret: Django's {@code signed_cookies} backend.
 * The cookie is the serialized session in base64url, a dot, and its signature; a cookie whose signature does not
 * match is no session, and is never decoded. Nothing is kept on the server, so every node with the same secret reads
 * every session and a restart loses none; the price is Django's: the contents can be read by whoever holds the
 * cookie (not changed), and a copy of the cookie stays valid until the session's time is up, even after a log-out.
 */
public final class CookieSessionStore extends StoredSessionStore {

    /** Longest cookie value: browsers keep a cookie of at most 4096 bytes, name and attributes included. */
    public static final int MAX_VALUE_LENGTH = 3800;

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    private CookieSessionStore(Vertx vertx, byte[] secret) {
        super(vertx);
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /**
     * @param vertx the process's Vert.x, for session ids
     * @param secret the signing key, at least 32 bytes; every node that reads the sessions has the same
     * @return the store
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static CookieSessionStore create(Vertx vertx, byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("The session secret must have at least 32 bytes, was " + secret.length);
        }
        return new CookieSessionStore(vertx, secret);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new CookieSession(random, timeout, length);
    }

    @Override
    public Future<Session> get(String cookieValue) {
        Buffer record = verified(cookieValue);
        if (record == null) {
            return Future.succeededFuture();
        }
        CookieSession session = new CookieSession(random);
        try {
            session.readFrom(record);
        } catch (RuntimeException e) {
            // signed by this secret but not a session of this version: no session
            return Future.succeededFuture();
        }
        return Future.succeededFuture(session.expired() ? null : session);
    }

    /** Nothing to delete: the handler clears the cookie. */
    @Override
    public Future<Void> delete(String id) {
        return Future.succeededFuture();
    }

    /** The cookie carries the session; this only refuses one too large for a cookie. */
    @Override
    public Future<Void> put(Session session) {
        if (session.value().length() > MAX_VALUE_LENGTH) {
            return Future.failedFuture(new IllegalStateException("Session too large for a cookie: "
                    + session.value().length() + " characters, at most " + MAX_VALUE_LENGTH
                    + "; keep less in it, or pick another session.store"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> clear() {
        return Future.succeededFuture();
    }

    /** @return 0: the sessions are in the browsers */
    @Override
    public Future<Integer> size() {
        return Future.succeededFuture(0);
    }

    @Override
    public void close() {}

    private String sign(Buffer record) {
        String data = ENCODER.encodeToString(record.getBytes());
        return data + "." + ENCODER.encodeToString(mac(data));
    }

    /** @return the session's bytes, or {@code null} when the value is not one this secret signed */
    private Buffer verified(String value) {
        int dot = value == null ? -1 : value.lastIndexOf('.');
        if (dot <= 0 || value.length() > MAX_VALUE_LENGTH) {
            return null;
        }
        String data = value.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(data))) {
                return null;
            }
            return Buffer.buffer(DECODER.decode(data));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** A session whose cookie value is itself, signed. */
    private final class CookieSession extends StoredSession {

        CookieSession(VertxContextPRNG random, long timeout, int length) {
            super(random, timeout, length);
        }

        CookieSession(VertxContextPRNG random) {
            super(random);
        }

        @Override
        public String value() {
            return sign(toBuffer());
        }
    }
}
