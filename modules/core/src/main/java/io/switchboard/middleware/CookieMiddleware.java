// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.consumer.Scope;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the {@code Cookie} header into {@link Scope#cookies()}, Channels' {@code CookieMiddleware}. */
public final class CookieMiddleware implements Middleware {

    /** Creates the middleware. */
    public CookieMiddleware() {}

    @Override
    public Future<Scope> apply(Scope scope) {
        List<String> headers = scope.headerValues("cookie");
        if (headers.isEmpty()) {
            return Future.succeededFuture(scope);
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : headers) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    String name = part.substring(0, eq).trim();
                    String value = part.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return Future.succeededFuture(scope.withCookies(cookies));
    }
}
