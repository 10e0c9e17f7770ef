// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Values by name pattern, first match wins: Channels' per-channel capacities, and group histories. A pattern is a
 * glob ({@code *} any text, {@code ?} one character); {@code prefix*}, the usual form, is a plain prefix test, since
 * a lookup runs for every new channel or every group send. Immutable.
 *
 * @param <V> the value type
 */
public final class GlobTable<V> {

    private record Entry<V>(Predicate<String> matcher, V value) {}

    private final Map<String, V> byGlob;
    private final List<Entry<V>> entries;

    /** @param byGlob pattern to value, in match order; copied */
    public GlobTable(Map<String, V> byGlob) {
        this.byGlob = Collections.unmodifiableMap(new LinkedHashMap<>(byGlob));
        List<Entry<V>> compiled = new ArrayList<>(byGlob.size());
        byGlob.forEach((glob, value) -> compiled.add(new Entry<>(matcher(glob), value)));
        this.entries = List.copyOf(compiled);
    }

    /** @return pattern to value, in match order */
    public Map<String, V> asMap() {
        return byGlob;
    }

    /**
     * @param name a channel or group name
     * @return the value of the first pattern it matches, or {@code null}
     */
    public V lookup(String name) {
        for (Entry<V> entry : entries) {
            if (entry.matcher().test(name)) {
                return entry.value();
            }
        }
        return null;
    }

    private static Predicate<String> matcher(String glob) {
        int star = glob.indexOf('*');
        if (glob.indexOf('?') < 0 && (star < 0 || star == glob.length() - 1)) {
            String literal = star < 0 ? glob : glob.substring(0, star);
            return star < 0 ? literal::equals : name -> name.startsWith(literal);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern pattern = Pattern.compile(regex.toString());
        return name -> pattern.matcher(name).matches();
    }
}
