// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Reads configuration values that may arrive as JSON values or as the strings of environment variables. */
final class JsonReader {

    private final JsonObject json;
    private final String section;

    JsonReader(JsonObject json, String section) {
        this.json = json;
        this.section = section;
    }

    String string(String key, String fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String)) {
            throw new IllegalArgumentException(section + "." + key + " must be a string, was " + value);
        }
        return (String) value;
    }

    long number(String key, long fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String && !((String) value).isBlank()) {
            try {
                return Long.parseLong(((String) value).trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException(section + "." + key + " must be an integer, was '" + value + "'");
    }

    boolean bool(String key, boolean fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            switch (((String) value).trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off", "":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(section + "." + key + " must be true or false, was '" + value + "'");
    }
}
