// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.cluster.ClusterOptions;
import io.switchboard.config.ConfigKey;
import io.switchboard.config.ConfigKeys;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.switchboard.server.ServerOptions;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads the configuration, in layers that vertx-config merges, each overriding the ones before: built-in defaults,
 * one JSON file ({@code conf/switchboard.json}, or the file named by {@code SWITCHBOARD_CONFIG}), environment
 * variables, then system properties, so the same image runs on a laptop and in a pod.
 *
 * <p>The modules own their keys: each options class declares a {@link ConfigKeys} table of its section's keys,
 * their types and the variables that set them. The launcher gathers {@link #KEYS}, the tables of the modules it
 * wires, and those the application names ({@code Application.configKeys()}). A key {@code server.port} is set by
 * its variables ({@code SWITCHBOARD_PORT}) and by the system property {@code -Dswitchboard.server.port=8001}.
 * Values are converted to the keys' types as they are read, so a bad one stops the start with one line naming it
 * (see {@link ConfigKey}).
 */
public final class Settings {

    /** The file read when {@code SWITCHBOARD_CONFIG} is not set, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("conf", "switchboard.json");

    /** The keys the launcher sets for every application: the server's, the layers', the cluster's and the log's. */
    public static final List<ConfigKeys> KEYS = List.of(
            ServerOptions.KEYS,
            ChannelLayers.KEYS,
            ChannelLayerOptions.KEYS,
            RedisLayerOptions.KEYS,
            ClusterOptions.KEYS,
            SessionStores.KEYS,
            Management.KEYS,
            Logging.KEYS);

    private Settings() {}

    /**
     * Loads the configuration of this process with the launcher's keys.
     *
     * <p>Blocking: call it from {@code main} or a test thread.
     *
     * @return the merged configuration
     * @throws ConfigurationException naming the file, variable, property or key that is wrong
     */
    public static JsonObject load() {
        return load(List.of());
    }

    /**
     * Loads the configuration of this process: its environment and its system properties set the launcher's keys
     * and the application's.
     *
     * <p>Blocking: call it from {@code main} or a test thread.
     *
     * @param applicationKeys the keys the application reads beyond the launcher's, as
     *     {@code Application.configKeys()} gives them
     * @return the merged configuration
     * @throws ConfigurationException naming the file, variable, property or key that is wrong
     */
    public static JsonObject load(List<ConfigKeys> applicationKeys) {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> properties.put(name, System.getProperty(name)));
        return load(System.getenv(), properties, JsonObject.of(), applicationKeys);
    }

    /**
     * Loads the configuration from a given environment, for tests: the launcher's keys, no system properties.
     *
     * @param env the environment variables
     * @param defaults values below the file, for example an application's own defaults
     * @return the merged configuration
     * @throws ConfigurationException naming the file, variable or key that is wrong
     */
    public static JsonObject load(Map<String, String> env, JsonObject defaults) {
        return load(env, Map.of(), defaults, List.of());
    }

    /**
     * Loads the configuration from a given environment and system properties.
     *
     * <p>Blocking: call it from {@code main} or a test thread.
     *
     * @param env the environment variables
     * @param properties the system properties; those starting with {@value ConfigKeys#PROPERTY_PREFIX} must name a
     *     key
     * @param defaults values below the file, for example an application's own defaults
     * @param applicationKeys the keys the application reads beyond the launcher's
     * @return the merged configuration, each known key's value converted to its type
     * @throws ConfigurationException naming the file, variable, property or key that is wrong
     */
    public static JsonObject load(
            Map<String, String> env,
            Map<String, String> properties,
            JsonObject defaults,
            List<ConfigKeys> applicationKeys) {
        List<ConfigKeys> tables = new ArrayList<>(KEYS);
        tables.addAll(applicationKeys);
        checkVariables(tables);
        checkProperties(tables, properties);
        Path file = file(env);
        ConfigRetrieverOptions layers =
                new ConfigRetrieverOptions().setScanPeriod(0).addStore(json(defaults));
        if (file != null) {
            layers.addStore(new ConfigStoreOptions()
                    .setType("file")
                    .setFormat("json")
                    .setConfig(new JsonObject().put("path", file.toString())));
        }
        layers.addStore(json(layer(tables, keys -> keys.environment(env))))
                .addStore(json(layer(tables, keys -> keys.systemProperties(properties))));
        return check(retrieve(layers, file), tables);
    }

    /** The file to read: the named one, which must exist, else the default one if it exists, else none. */
    private static Path file(Map<String, String> env) {
        String named = env.get("SWITCHBOARD_CONFIG");
        if (named == null || named.isBlank()) {
            return Files.exists(DEFAULT_FILE) ? DEFAULT_FILE.toAbsolutePath() : null;
        }
        Path file = Path.of(named).toAbsolutePath();
        if (!Files.exists(file)) {
            throw new ConfigurationException("SWITCHBOARD_CONFIG names " + file + ", which does not exist", null);
        }
        return file;
    }

    private static ConfigStoreOptions json(JsonObject values) {
        return new ConfigStoreOptions().setType("json").setConfig(values);
    }

    /** The values one source sets, by section. */
    private static JsonObject layer(List<ConfigKeys> tables, Function<ConfigKeys, JsonObject> source) {
        JsonObject layer = new JsonObject();
        for (ConfigKeys keys : tables) {
            JsonObject values;
            try {
                values = source.apply(keys);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
            if (!values.isEmpty()) {
                JsonObject section = layer.getJsonObject(keys.section());
                layer.put(keys.section(), section == null ? values : section.mergeIn(values));
            }
        }
        return layer;
    }

    /**
     * Merges the layers. The configuration decides how the process's Vert.x is made (clustered or not, its pool
     * sizes), so it is read before that Vert.x exists, with a small Vert.x of its own that is closed at once.
     */
    private static JsonObject retrieve(ConfigRetrieverOptions layers, Path file) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        ConfigRetriever retriever = ConfigRetriever.create(vertx, layers);
        try {
            return retriever.getConfig().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e;
            while (!(cause instanceof DecodeException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            // only the file can fail: the other layers are values already read
            String problem = cause instanceof DecodeException
                    ? file + " is not a JSON object: " + cause.getMessage()
                    : "Cannot read " + file + ": " + e.getMessage();
            throw new ConfigurationException(problem, e);
        } finally {
            retriever.close();
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // its threads end with it; nothing of the configuration depends on them
            }
        }
    }

    /** Converts every known key's value to its type, so that a bad value in the file stops the start too. */
    private static JsonObject check(JsonObject config, List<ConfigKeys> tables) {
        for (ConfigKeys keys : tables) {
            JsonObject section = section(config, keys.section());
            if (!section.isEmpty()) {
                try {
                    config.put(keys.section(), keys.check(section));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(e.getMessage(), e);
                }
            }
        }
        return config;
    }

    /** One variable sets one key: two tables that claim a variable for different keys are a programming error. */
    private static void checkVariables(List<ConfigKeys> tables) {
        Map<String, String> keyOf = new HashMap<>();
        for (ConfigKeys keys : tables) {
            keys.variables().forEach((variable, path) -> {
                String previous = keyOf.putIfAbsent(variable, path);
                if (previous != null && !previous.equals(path)) {
                    throw new IllegalStateException(variable + " is declared for both " + previous + " and " + path);
                }
            });
        }
    }

    /** A system property under {@code switchboard.} that sets no key is a typo, not something to ignore. */
    private static void checkProperties(List<ConfigKeys> tables, Map<String, String> properties) {
        Set<String> known = new HashSet<>();
        tables.forEach(keys -> keys.keys().forEach(key -> known.add(key.systemProperty())));
        for (String name : new TreeMap<>(properties).keySet()) {
            if (name.startsWith(ConfigKeys.PROPERTY_PREFIX) && !known.contains(name)) {
                throw new ConfigurationException(
                        "-D" + name + " sets no setting; a system property names a key as "
                                + ConfigKeys.PROPERTY_PREFIX + "<section>.<key>, for example -D"
                                + ConfigKeys.PROPERTY_PREFIX + "server.port=8001",
                        null);
            }
        }
    }

    /**
     * A section of the configuration, empty if absent.
     *
     * @param config the configuration
     * @param name the section's key
     * @return the section
     * @throws ConfigurationException if the key holds something other than an object
     */
    public static JsonObject section(JsonObject config, String name) {
        Object value = config.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new ConfigurationException("Configuration key '" + name + "' must be an object, was " + value, null);
    }
}
