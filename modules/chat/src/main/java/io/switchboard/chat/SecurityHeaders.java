// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the browser protections on every HTTP response of the chat: a Content-Security-Policy that allows only the
 * chat's own scripts, styles and sockets (the pages have no inline script or style, so it needs no
 * {@code 'unsafe-inline'}), no framing, no MIME sniffing, and no {@code Referer} to other sites. Put it first on
 * the router, so that error answers carry the headers too.
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    /**
     * The policy. CSP Level 3's {@code 'self'} matches {@code ws:} and {@code wss:} of the page's own host and port,
     * so {@code connect-src 'self'} lets the room page open its socket and nothing else.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
    private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized(CONTENT_SECURITY_POLICY);
    private static final CharSequence CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
    private static final CharSequence SAME_ORIGIN = HttpHeaders.createOptimized("same-origin");
    private static final CharSequence FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");
    private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");

    @Override
    public void handle(RoutingContext ctx) {
        // set, not add: a reroute runs this again on the same response
        MultiMap headers = ctx.response().headers();
        headers.set(CSP, CSP_VALUE);
        headers.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
        headers.set(REFERRER_POLICY, SAME_ORIGIN);
        headers.set(FRAME_OPTIONS, DENY);
        ctx.next();
    }
}
