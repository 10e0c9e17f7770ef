// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.Scope;
import io.vertx.core.Future;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses cross-site WebSocket handshakes with HTTP 403, Channels' {@code OriginValidator}. Browsers send an
 * {@code Origin} header with every WebSocket handshake; a page from another site must not open a socket that
 * carries this site's cookies.
 *
 * <p>Patterns, as in Channels:
 *
 * <ul>
 *   <li>{@code self}: exactly the server's own origin, the scheme, host and port the request came to (the
 *       {@code Host} header; {@code https} when the scope's scheme is {@code wss}). The default.
 *   <li>{@code *}: any origin, and a missing {@code Origin} header;
 *   <li>{@code example.com}: that host, any scheme and port; {@code .example.com}: the domain and its subdomains;
 *   <li>{@code https://example.com:8443}: scheme, host and port must all match (default ports implied).
 * </ul>
 *
 * <p>A handshake without an {@code Origin} header is refused unless {@code *} is allowed, as in Channels:
 * non-browser clients set the header themselves. A handshake with more than one {@code Origin} header is refused.
 */
public final class OriginValidator implements Middleware {

    private final List<String> allowed;
    /** The last Origin value that passed: an application's browsers all send the same one, parsed once here. */
    private volatile String lastAllowed;

    private OriginValidator(List<String> allowed) {
        this.allowed =
                allowed.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Creates the validator.
     *
     * @param allowedOrigins patterns as described above
     * @return the middleware
     */
    public static OriginValidator create(List<String> allowedOrigins) {
        return new OriginValidator(List.copyOf(allowedOrigins));
    }

    @Override
    public Future<Scope> apply(Scope scope) {
        List<String> origins = scope.headerValues("origin");
        if (origins.size() > 1) {
            return Middleware.reject(403, "more than one Origin header");
        }
        String origin = origins.isEmpty() ? null : origins.get(0);
        if (isAllowed(origin, selfOrigin(scope))) {
            return Future.succeededFuture(scope);
        }
        return Middleware.reject(403, origin == null ? "no Origin header" : "origin '" + origin + "' is not allowed");
    }

    /** The origin a page of this server has, as the browser saw the request: scheme, host and port. */
    private static String selfOrigin(Scope scope) {
        String host = scope.header("host");
        if (host == null || host.isBlank()) {
            return null;
        }
        return ("wss".equals(scope.scheme()) ? "https://" : "http://")
                + host.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Tells whether an {@code Origin} header value passes.
     *
     * @param origin the header value, or {@code null} when absent
     * @return {@code true} if allowed
     */
    public boolean isAllowed(String origin) {
        return isAllowed(origin, null);
    }

    /**
     * Checks an {@code Origin} header value against the patterns, {@code self} standing for the server's own.
     *
     * @param origin the header value, or {@code null} when absent
     * @param self the server's own origin for this request ({@code http://host:port}), or {@code null} if unknown
     * @return whether a handshake with this origin may proceed
     */
    public boolean isAllowed(String origin, String self) {
        if (allowed.contains("*")) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        if (origin.equals(lastAllowed)) {
            return true;
        }
        URI parsed;
        try {
            parsed = new URI(origin.trim().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
        if (parsed.getHost() == null) {
            return false;
        }
        for (String pattern : allowed) {
            if (pattern.equals("self")) {
                if (self != null && matches(parsed, self)) {
                    return true; // not cached: it holds for this request's host only
                }
            } else if (matches(parsed, pattern)) {
                lastAllowed = origin;
                return true;
            }
        }
        return false;
    }

    private static boolean matches(URI origin, String pattern) {
        if (!pattern.contains("://")) {
            String host = pattern;
            int colon = host.lastIndexOf(':');
            if (colon > 0 && !host.endsWith("]")) {
                host = host.substring(0, colon);
            }
            return sameDomain(origin.getHost(), host);
        }
        URI parsedPattern;
        try {
            parsedPattern = new URI(pattern);
        } catch (URISyntaxException e) {
            return false;
        }
        return parsedPattern.getHost() != null
                && parsedPattern.getScheme().equals(origin.getScheme())
                && port(parsedPattern) == port(origin)
                && sameDomain(origin.getHost(), parsedPattern.getHost());
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme()) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    // Django's is_same_domain: ".example.com" also matches the bare domain
    private static boolean sameDomain(String host, String pattern) {
        if (pattern.isEmpty()) {
            return false;
        }
        if (pattern.charAt(0) == '.') {
            return host.endsWith(pattern) || host.equals(pattern.substring(1));
        }
        return host.equals(pattern);
    }
}
