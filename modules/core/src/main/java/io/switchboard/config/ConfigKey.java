// SPDX-License-Identifier: Apache-2.0
package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One key of the configuration: its section and name, the type of its value, the property of the options class it
 * sets, and the environment variables that set it. A {@link ConfigKeys} table makes them.
 *
 * <p>This is the one place where a value from any source (the JSON file, an environment variable, a system
 * property) becomes a value of the key's type, and where a value that cannot is reported, always in the same words:
 * {@code server.port 'eighty' is not a whole number} for the file, {@code SWITCHBOARD_PORT 'eighty' is not a whole
 * number (it sets server.port)} for a variable. Text is accepted for numbers, booleans and lists, as variables give
 * them. Ranges are checked by the options classes' setters.
 */
public final class ConfigKey {

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The type of a key's value, as the options class receives it. */
    public enum Type {
        /** Text, a {@link String}; numbers and booleans are taken as their text. */
        TEXT("text"),
        /** A whole number that fits an {@code int}, an {@link Integer}. */
        INT("a whole number"),
        /** A whole number that fits a {@code long}, a {@link Long}. */
        LONG("a whole number"),
        /** A {@link Boolean}; the text {@code true}, {@code yes}, {@code on}, {@code 1} or their opposites too. */
        BOOLEAN("true or false"),
        /** A {@link JsonArray} of text, or one text with commas between the items. */
        LIST("a list (a JSON array, or text with commas between the items)"),
        /** A {@link JsonObject} whose values are whole numbers that fit an {@code int}. */
        INT_MAP("an object of names to whole numbers"),
        /** A {@link JsonObject} whose values are taken as text. */
        TEXT_MAP("an object of names to values"),
        /** A {@link JsonObject} whose values are objects, each read by the options class. */
        OBJECT_MAP("an object of names to objects");

        private final String description;

        Type(String description) {
            this.description = description;
        }
    }

    private final String section;
    private final String name;
    private final String property;
    private final Type type;
    private final List<String> variables;

    ConfigKey(String section, String name, String property, Type type, List<String> variables) {
        this.section = section;
        this.name = name;
        this.property = property;
        this.type = type;
        this.variables = List.copyOf(variables);
    }

    /** @return the section, for example {@code server} */
    public String section() {
        return section;
    }

    /** @return the key within its section, for example {@code port} */
    public String name() {
        return name;
    }

    /** @return the dotted path, for example {@code server.port} */
    public String path() {
        return section + "." + name;
    }

    /** @return the property of the options class the key sets: its name unless the table renamed it */
    public String property() {
        return property;
    }

    /** @return the type of the value */
    public Type type() {
        return type;
    }

    /** @return the environment variables that set the key; when several are set, the first in this list wins */
    public List<String> variables() {
        return variables;
    }

    /** @return the system property that sets the key: {@code switchboard.} and the path */
    public String systemProperty() {
        return ConfigKeys.PROPERTY_PREFIX + path();
    }

    /**
     * Converts a configuration value to the key's type.
     *
     * @param value a JSON value, or {@code null}
     * @return the value as {@link Type} describes it, or {@code null} for {@code null}
     * @throws IllegalArgumentException naming the key and the value, if the value is not of the type
     */
    public Object value(Object value) {
        return convert(value, path(), "");
    }

    /**
     * Converts the text of an environment variable or a system property to the key's type.
     *
     * @param text the text as set
     * @param source where it was set, for example {@code SWITCHBOARD_PORT}
     * @return the value as {@link Type} describes it
     * @throws IllegalArgumentException naming the source, the text and the key, if the text is not of the type
     */
    public Object parse(String text, String source) {
        String trimmed = text.trim();
        Object value =
                type == Type.INT_MAP || type == Type.TEXT_MAP || type == Type.OBJECT_MAP ? mapText(trimmed) : trimmed;
        if (value == null) {
            throw new IllegalArgumentException(source + " '" + text + "' is not " + type.description + suffix());
        }
        return convert(value, source, suffix());
    }

    private String suffix() {
        return " (it sets " + path() + ")";
    }

    private Object convert(Object value, String where, String suffix) {
        if (value == null) {
            return null;
        }
        Object converted = switch (type) {
            case TEXT -> text(value);
            case INT -> wholeNumber(value, INT_MIN, INT_MAX);
            case LONG -> wholeNumber(value, LONG_MIN, LONG_MAX);
            case BOOLEAN -> bool(value);
            case LIST -> list(value);
            case INT_MAP, TEXT_MAP, OBJECT_MAP -> map(value, where, suffix);
        };
        if (converted == null) {
            throw new IllegalArgumentException(where + " '" + value + "' is not " + type.description + suffix);
        }
        if (converted instanceof BigInteger outOfRange) {
            throw new IllegalArgumentException(
                    where + " '" + outOfRange + "' is not " + type.description + " between " + bounds() + suffix);
        }
        return converted;
    }

    private String bounds() {
        return type == Type.INT
                ? Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                : Long.MIN_VALUE + " and " + Long.MAX_VALUE;
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    /** An {@code int} or {@code long} within bounds; a {@link BigInteger} for a whole number outside them. */
    private Object wholeNumber(Object value, BigInteger min, BigInteger max) {
        BigInteger whole;
        try {
            if (value instanceof String text) {
                whole = new BigInteger(text.trim());
            } else if (value instanceof Integer || value instanceof Long) {
                whole = BigInteger.valueOf(((Number) value).longValue());
            } else if (value instanceof Number number) {
                // 2.0 is whole; 2.5 and NaN are not
                whole = new BigDecimal(number.toString()).toBigIntegerExact();
            } else {
                return null;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            return whole;
        }
        return type == Type.INT ? (Object) whole.intValue() : (Object) whole.longValue();
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> null;
            };
        }
        return null;
    }

    private static JsonArray list(Object value) {
        if (value instanceof String text) {
            return new JsonArray(Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList());
        }
        if (!(value instanceof JsonArray items)) {
            return null;
        }
        JsonArray texts = new JsonArray();
        for (Object item : items) {
            String text = item == null ? null : text(item);
            if (text == null) {
                return null;
            }
            texts.add(text);
        }
        return texts;
    }

    private JsonObject map(Object value, String where, String suffix) {
        if (!(value instanceof JsonObject entries)) {
            return null;
        }
        JsonObject converted = new JsonObject();
        for (Map.Entry<String, Object> entry : entries) {
            Object item = entry.getValue();
            Object each = switch (type) {
                case INT_MAP -> wholeNumber(item, INT_MIN, INT_MAX);
                case OBJECT_MAP -> item instanceof JsonObject object ? object : null;
                default -> text(item);
            };
            if (each == null || each instanceof BigInteger) {
                String description = switch (type) {
                    case INT_MAP -> "a whole number";
                    case OBJECT_MAP -> "an object";
                    default -> "text";
                };
                throw new IllegalArgumentException(
                        where + "['" + entry.getKey() + "'] '" + item + "' is not " + description + suffix);
            }
            converted.put(entry.getKey(), each);
        }
        return converted;
    }

    private static JsonObject mapText(String text) {
        try {
            return new JsonObject(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return path() + " (" + type + (variables.isEmpty() ? "" : ", " + String.join(", ", variables)) + ")";
    }
}
