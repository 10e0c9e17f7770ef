// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small command-line reader: one positional word (the scenario), {@code --name value}, {@code --name=value},
 * repeatable options and flags. Unknown or malformed options throw {@link IllegalArgumentException}.
 */
final class ArgReader {

    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final Map<String, Boolean> used = new LinkedHashMap<>();

    ArgReader(String... args) {
        Objects.requireNonNull(args, "args");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            used.put(name, false);
        }
    }

    String scenario() {
        if (positional.size() != 1) {
            throw new IllegalArgumentException("Expected one scenario name (broadcast, echo, idle, cross-node), got "
                    + (positional.isEmpty() ? "none" : positional));
        }
        return positional.get(0);
    }

    boolean flag(String name) {
        List<String> values = take(name);
        if (values == null) {
            return false;
        }
        String v = values.get(values.size() - 1);
        if (v == null || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("--" + name + " takes no value, got '" + v + "'");
    }

    String string(String name, String fallback) {
        List<String> values = take(name);
        return values == null ? fallback : value(name, values.get(values.size() - 1));
    }

    List<String> list(String name, String fallback) {
        List<String> values = take(name);
        List<String> out = new ArrayList<>();
        for (String v : values == null ? List.of(fallback) : values) {
            for (String part : value(name, v).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    int integer(String name, int fallback, int min) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + v + "'", e);
        }
        if (n < min) {
            throw new IllegalArgumentException("--" + name + " must be >= " + min + ", got " + n);
        }
        return n;
    }

    double decimal(String name, double fallback, double min) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        double d;
        try {
            d = Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'", e);
        }
        if (!(d >= min) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("--" + name + " must be >= " + min + ", got " + v);
        }
        return d;
    }

    void requireAllUsed() {
        List<String> unknown = new ArrayList<>();
        used.forEach((name, seen) -> {
            if (!seen) {
                unknown.add("--" + name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown or unused option(s) " + unknown + "; see --help");
        }
    }

    private List<String> take(String name) {
        List<String> values = options.get(name);
        if (values != null) {
            used.put(name, true);
        }
        return values;
    }

    private static String value(String name, String v) {
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return v;
    }
}
