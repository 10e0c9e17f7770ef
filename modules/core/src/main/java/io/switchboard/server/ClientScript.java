// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves Switchboard's browser client, an ES module with no build step: a WebSocket that reconnects with backoff
 * and jitter, tracks the stream's position ({@code offset} and {@code epoch}) and asks for what it missed when it
 * comes back. Mount it on an application's HTTP router:
 *
 * <pre>{@code
 * http.get(ClientScript.PATH).handler(ClientScript.handler());
 * }</pre>
 *
 * and import it from a page: {@code import { SwitchboardSocket } from '/switchboard/client.js';}. Its comment
 * documents the events it fires.
 */
public final class ClientScript {

    /** Where pages import it from. */
    public static final String PATH = "/switchboard/client.js";

    private static final Buffer SCRIPT = load();

    private ClientScript() {}

    /** @return a handler that answers with the script; read once, at class loading */
    public static Handler<RoutingContext> handler() {
        return ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(SCRIPT);
    }

    /** @return the script's text, for tests and for servers that bundle it */
    public static String text() {
        return SCRIPT.toString();
    }

    private static Buffer load() {
        try (InputStream in = ClientScript.class.getResourceAsStream("/io/switchboard/client/switchboard.js")) {
            if (in == null) {
                throw new IllegalStateException("switchboard.js is missing from switchboard-core's jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
