// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Refuses upgrades that are not RFC 6455 handshakes before anything else runs: only version 13 (426 otherwise,
 * which also turns away Hixie-76 and the drafts), a GET with {@code Connection: Upgrade}, and one
 * {@code Sec-WebSocket-Key} that is base64 of 16 bytes (400 otherwise). Vert.x would hand the drafts to Netty,
 * which still speaks them.
 */
public final class UpgradeCheck {

    /**
     * Why an upgrade is refused.
     *
     * @param status the HTTP status to answer
     * @param why a few words for the log line
     */
    public record Refusal(int status, String why) {}

    private static final int KEY_BYTES = 16;

    private UpgradeCheck() {}

    /**
     * @param request an upgrade request
     * @return {@code null} for a valid version 13 handshake, else the refusal
     */
    public static Refusal check(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            return new Refusal(405, "method " + request.method() + " instead of GET");
        }
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return new Refusal(400, "no Connection: Upgrade header");
        }
        String version = request.getHeader("Sec-WebSocket-Version");
        if (!"13".equals(version == null ? null : version.trim())) {
            return new Refusal(
                    426,
                    version == null
                            ? "no Sec-WebSocket-Version (an old draft)"
                            : "Sec-WebSocket-Version '" + version + "'");
        }
        List<String> keys = request.headers().getAll("Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0))) {
            return new Refusal(400, keys.isEmpty() ? "no Sec-WebSocket-Key" : "an invalid Sec-WebSocket-Key");
        }
        return null;
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
