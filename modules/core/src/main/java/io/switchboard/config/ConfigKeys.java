// SPDX-License-Identifier: Apache-2.0
package io.switchboard.config;

import io.switchboard.config.ConfigKey.Type;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys a module reads from one section of the configuration, with their types and environment variables. Each
 * options class declares its table ({@code ServerOptions.KEYS}); the launcher gathers the tables to map the
 * environment and system properties, and the options class reads its section through it:
 *
 * <pre>{@code
 * public static final ConfigKeys KEYS = ConfigKeys.section("layer")
 *         .key("capacity", INT, "SWITCHBOARD_LAYER_CAPACITY")
 *         .key("expiry", LONG, "SWITCHBOARD_LAYER_EXPIRY").property("expirySeconds");
 *
 * public ChannelLayerOptions(JsonObject json) {
 *     ChannelLayerOptionsConverter.fromJson(KEYS.read(json), this);
 * }
 * }</pre>
 *
 * <p>Several modules may each declare keys of one section (the {@code layer} section has the memory layer's and the
 * Redis layer's). A table is immutable; {@link #key} returns a new one.
 */
public final class ConfigKeys {

    /** What a system property that sets a key starts with: {@code -Dswitchboard.server.port=8001}. */
    public static final String PROPERTY_PREFIX = "switchboard.";

    private final String section;
    private final List<ConfigKey> keys;

    private ConfigKeys(String section, List<ConfigKey> keys) {
        this.section = section;
        this.keys = List.copyOf(keys);
    }

    /**
     * Starts a table of keys of one section.
     *
     * @param section the section's name, for example {@code server}
     * @return an empty table
     */
    public static ConfigKeys section(String section) {
        return new ConfigKeys(Objects.requireNonNull(section, "section"), List.of());
    }

    /**
     * Adds a key whose options property has the key's name.
     *
     * @param name the key, for example {@code port}
     * @param type the type of its value
     * @param variables the environment variables that set it, the first set one winning; none for a file-only key
     * @return a new table with the key at the end
     */
    public ConfigKeys key(String name, Type type, String... variables) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        List<ConfigKey> more = new ArrayList<>(keys);
        more.add(new ConfigKey(section, name, name, type, List.of(variables)));
        return new ConfigKeys(section, more);
    }

    /**
     * Names the options property of the last key added, when it differs from the key: the key {@code expiry} sets
     * {@code setExpirySeconds}.
     *
     * @param property the property, as the generated converter names it
     * @return a new table
     */
    public ConfigKeys property(String property) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("property(\"" + property + "\") needs a key before it");
        }
        List<ConfigKey> renamed = new ArrayList<>(keys);
        ConfigKey last = renamed.remove(renamed.size() - 1);
        renamed.add(new ConfigKey(section, last.name(), property, last.type(), last.variables()));
        return new ConfigKeys(section, renamed);
    }

    /** @return the section's name */
    public String section() {
        return section;
    }

    /** @return the keys, in the order declared */
    public List<ConfigKey> keys() {
        return keys;
    }

    /**
     * The environment variables of the keys, in the order declared.
     *
     * @return each variable with the path of the key it sets
     */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        keys.forEach(key -> key.variables().forEach(variable -> variables.put(variable, key.path())));
        return variables;
    }

    /**
     * Checks the values of a section: the known keys' values converted to their types, other keys left as they are.
     *
     * @param json the section
     * @return a new object
     * @throws IllegalArgumentException naming the key, for a value not of its type
     */
    public JsonObject check(JsonObject json) {
        JsonObject checked = json.copy();
        for (ConfigKey key : keys) {
            Object value = key.value(json.getValue(key.name()));
            if (value != null) {
                checked.put(key.name(), value);
            }
        }
        return checked;
    }

    /**
     * Reads a section for an options class's generated converter: the known keys' values, converted to their types
     * and named by their properties. Other keys and {@code null} values are left out.
     *
     * @param json the section
     * @return a new object of property names to values
     * @throws IllegalArgumentException naming the key, for a value not of its type
     */
    public JsonObject read(JsonObject json) {
        JsonObject properties = new JsonObject();
        for (ConfigKey key : keys) {
            Object value = key.value(json.getValue(key.name()));
            if (value != null) {
                properties.put(key.property(), value);
            }
        }
        return properties;
    }

    /**
     * Writes what an options class's generated converter wrote back under the keys' names, in the table's order.
     *
     * @param properties property names to values
     * @return a new object of keys to values; properties without a key keep their names, at the end
     */
    public JsonObject write(JsonObject properties) {
        JsonObject json = new JsonObject();
        JsonObject rest = properties.copy();
        for (ConfigKey key : keys) {
            if (rest.containsKey(key.property())) {
                json.put(key.name(), rest.remove(key.property()));
            }
        }
        return json.mergeIn(rest);
    }

    /**
     * The values the environment sets in this section.
     *
     * @param env environment variables
     * @return a new object of keys to values, with the keys whose variable is set to non-blank text
     * @throws IllegalArgumentException naming the variable and the key, for text not of the key's type
     */
    public JsonObject environment(Map<String, String> env) {
        JsonObject values = new JsonObject();
        for (ConfigKey key : keys) {
            for (String variable : key.variables()) {
                String text = env.get(variable);
                if (text != null && !text.isBlank()) {
                    values.put(key.name(), key.parse(text, variable));
                    break;
                }
            }
        }
        return values;
    }

    /**
     * The values system properties set in this section: {@code switchboard.server.port} sets {@code port} of
     * {@code server}.
     *
     * @param properties system properties
     * @return a new object of keys to values, with the keys whose property is set to non-blank text
     * @throws IllegalArgumentException naming the property and the key, for text not of the key's type
     */
    public JsonObject systemProperties(Map<String, String> properties) {
        JsonObject values = new JsonObject();
        for (ConfigKey key : keys) {
            String text = properties.get(key.systemProperty());
            if (text != null && !text.isBlank()) {
                values.put(key.name(), key.parse(text, "-D" + key.systemProperty()));
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return section + " " + keys;
    }
}
