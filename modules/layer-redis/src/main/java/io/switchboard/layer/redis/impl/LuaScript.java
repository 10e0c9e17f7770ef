// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A server-side script, sent by its SHA-1 once Redis knows it. */
final class LuaScript {

    private final String source;
    private final String sha1;

    LuaScript(String source) {
        this.source = source;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            this.sha1 = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /** An EVALSHA (or EVAL) request with declared keys and plain arguments ({@code String} or {@code byte[]}). */
    Request request(boolean bySha, List<String> keys, List<Object> args) {
        Request request = bySha
                ? Request.cmd(Command.EVALSHA).arg(sha1)
                : Request.cmd(Command.EVAL).arg(source);
        request.arg(keys.size());
        for (String key : keys) {
            request.arg(key);
        }
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return request;
    }
}
