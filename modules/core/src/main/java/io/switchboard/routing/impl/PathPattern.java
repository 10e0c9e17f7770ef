// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled URL pattern such as {@code /ws/chat/{room}/} or {@code /ws/game/{id:int}/}, Django's path converters
 * in braces: {@code str} (the default, one segment), {@code int}, {@code slug}, {@code uuid} and {@code path} (the
 * rest, slashes included).
 */
public final class PathPattern {

    private record Converter(String regex, Function<String, Object> convert) {}

    private static final Map<String, Converter> CONVERTERS = Map.of(
            "str", new Converter("[^/]+", s -> s),
            "int", new Converter("[0-9]{1,9}", Integer::valueOf),
            "slug", new Converter("[-a-zA-Z0-9_]+", s -> s),
            "uuid",
                    new Converter(
                            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                            UUID::fromString),
            "path", new Converter(".+", s -> s));
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+))?}");

    private final String source;
    private final Pattern regex;
    /** The text before the first parameter: a path without it cannot match, and is refused without a regex. */
    private final String literalPrefix;

    private final List<String> names;
    private final List<Converter> converters;

    private PathPattern(
            String source, Pattern regex, String literalPrefix, List<String> names, List<Converter> converters) {
        this.source = source;
        this.regex = regex;
        this.literalPrefix = literalPrefix;
        this.names = names;
        this.converters = converters;
    }

    /**
     * Compiles a pattern.
     *
     * @param source the pattern; it must start with {@code /}
     * @param prefix whether it matches the start of a path (a nested router's prefix) rather than the whole path
     * @return the compiled pattern
     * @throws IllegalStateException if the pattern is malformed, names a parameter twice or uses an unknown
     *     converter
     */
    public static PathPattern compile(String source, boolean prefix) {
        if (source == null || !source.startsWith("/")) {
            throw new IllegalStateException("Route pattern '" + source + "' must start with '/'");
        }
        String body = prefix && source.length() > 1 && source.endsWith("/")
                ? source.substring(0, source.length() - 1)
                : source;
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        List<Converter> converters = new ArrayList<>();
        Matcher m = PARAM.matcher(body);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(body.substring(last, m.start())));
            String name = m.group(1);
            String type = m.group(2) == null ? "str" : m.group(2);
            Converter converter = CONVERTERS.get(type);
            if (converter == null) {
                throw new IllegalStateException("Route pattern '" + source + "' uses unknown converter '" + type
                        + "'; expected one of: int, path, slug, str, uuid");
            }
            if (names.contains(name)) {
                throw new IllegalStateException("Route pattern '" + source + "' names parameter '" + name + "' twice");
            }
            names.add(name);
            converters.add(converter);
            regex.append('(').append(converter.regex()).append(')');
            last = m.end();
        }
        String rest = body.substring(last);
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalStateException("Route pattern '" + source + "' has an unbalanced '{' or '}'");
        }
        regex.append(Pattern.quote(rest));
        regex.append(prefix ? "(?=/|$)" : "$");
        int brace = body.indexOf('{');
        String literalPrefix = brace < 0 ? body : body.substring(0, brace);
        return new PathPattern(
                source, Pattern.compile(regex.toString()), literalPrefix, List.copyOf(names), List.copyOf(converters));
    }

    /**
     * Matches a path.
     *
     * @param path the path
     * @return the converted parameters and how much of the path matched, or {@code null} if it does not match
     */
    public Match match(String path) {
        if (!path.startsWith(literalPrefix)) {
            return null;
        }
        Matcher m = regex.matcher(path);
        if (!m.find()) {
            return null;
        }
        if (names.size() == 1) {
            try {
                return new Match(
                        Map.of(names.get(0), converters.get(0).convert().apply(m.group(1))), m.end());
            } catch (IllegalArgumentException outOfRange) {
                return null;
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                params.put(names.get(i), converters.get(i).convert().apply(m.group(i + 1)));
            } catch (IllegalArgumentException outOfRange) {
                return null;
            }
        }
        return new Match(params, m.end());
    }

    /** @return the pattern as written */
    public String source() {
        return source;
    }

    /**
     * A successful match.
     *
     * @param params converted parameters by name
     * @param end where the match ended in the path
     */
    public record Match(Map<String, Object> params, int end) {}
}
