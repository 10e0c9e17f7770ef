// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lower-case header names for {@link Scope#headers()}, shared: every upgrade request carries the same dozen names,
 * so the common ones are one string each per process, not one per call. Names not in the table are lower-cased as
 * usual; client input never grows the table.
 */
final class HeaderNames {

    /** Found in any case without lower-casing first, which would make a string per header per connection. */
    private static final Map<String, String> COMMON = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

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
        String common = COMMON.get(name);
        return common != null ? common : name.toLowerCase(Locale.ROOT);
    }
}
