// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.Locale;

/**
 * One environment variable that overrides one configuration key.
 *
 * @param name the variable, for example {@code SWITCHBOARD_PORT}
 * @param path the key it sets, for example {@code server.port}
 * @param type how its text is read
 */
public record EnvironmentVariable(String name, String path, Type type) {

    /** How the text of a variable becomes a JSON value. */
    public enum Type {
        /** Kept as text. */
        STRING,
        /** A whole number. */
        INT,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** Comma-separated text, as a JSON array. */
        LIST
    }

    Object parse(String text) {
        String value = text.trim();
        return switch (type) {
            case STRING -> value;
            case INT -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ConfigurationException(
                            name + " '" + text + "' is not a whole number (it sets " + path + ")", null);
                }
            }
            case BOOLEAN ->
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default ->
                        throw new ConfigurationException(
                                name + " '" + text + "' is not a boolean; expected true or false (it sets " + path
                                        + ")",
                                null);
                };
            case LIST ->
                new JsonArray(Arrays.stream(value.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList());
        };
    }
}
