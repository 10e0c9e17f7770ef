// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lower-case header names, shared: every upgrade request carries the same dozen names, and a scope keeps its
 * headers for the connection's life, so the common ones are one string each per process, not one per connection.
 * Names not in the table are lower-cased as usual; client input never grows the table.
 */
final class HeaderNames {

    private static final Map<String, String> COMMON = new HashMap<>();

    static {
        for (String name : new String[] {
            "host",
            "upgrade",
            "connection",
            "origin",
            "cookie",
            "user-agent",
            "accept",
            "accept-encoding",
            "accept-language",
            "cache-control",
            "pragma",
            "authorization",
            "sec-websocket-key",
            "sec-websocket-version",
            "sec-websocket-protocol",
            "sec-websocket-extensions",
            "x-forwarded-for",
            "x-forwarded-proto",
            "x-real-ip"
        }) {
            COMMON.put(name, name);
        }
    }

    private HeaderNames() {}

    static String lowerCase(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMMON.getOrDefault(lower, lower);
    }
}
