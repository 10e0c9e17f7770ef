// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import io.switchboard.chat.ChatApplication;
import io.switchboard.config.ConfigKeys;
import io.switchboard.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the chat reads, from the server's own tables: the launcher's ({@link Settings#KEYS}) and the chat's
 * ({@code ChatApplication.configKeys()}). A variable the manifests set is real when one of these tables declares it.
 */
final class ServerSettings {

    /** Names the configuration file; the launcher reads it before any table (Settings.load). */
    static final String CONFIG_FILE_VARIABLE = "SWITCHBOARD_CONFIG";

    // What the manifests take from the management server and its stop sequence (issue 15). The keys are read from
    // the effective configuration, so they must be settings of the server's tables for these tests to pass.
    /** The management server's port: probes and Prometheus. */
    static final String MANAGEMENT_PORT = "management.port";
    /** Seconds a stopping server, already not ready, keeps taking connections before it drains. */
    static final String STOP_DELAY = "server.stopDelay";
    /** Seconds over which a stopping server closes its sockets. */
    static final String DRAIN_PERIOD = "server.drainPeriod";
    /** Seconds from SIGTERM within which the server exits, whatever it still has to do. */
    static final String STOP_TIMEOUT = "server.stopTimeout";

    private static final List<ConfigKeys> APPLICATION_KEYS = new ChatApplication().configKeys();

    private ServerSettings() {}

    /** @return every variable that sets a setting of the chat */
    static Set<String> variables() {
        Set<String> variables = new TreeSet<>();
        tables().forEach(keys -> variables.addAll(keys.variables().keySet()));
        variables.add(CONFIG_FILE_VARIABLE);
        return variables;
    }

    /** @return every setting's dotted path */
    static Set<String> paths() {
        Set<String> paths = new TreeSet<>();
        tables().forEach(keys -> keys.keys().forEach(key -> paths.add(key.path())));
        return paths;
    }

    private static List<ConfigKeys> tables() {
        List<ConfigKeys> tables = new ArrayList<>(Settings.KEYS);
        tables.addAll(APPLICATION_KEYS);
        return tables;
    }

    /**
     * The configuration a pod reads, as the launcher reads it: its configuration file, then its environment.
     * Blocking: JUnit thread only.
     *
     * @param file the pod's {@code conf/switchboard.json}
     * @param env the pod's environment
     * @return the merged configuration, each value converted to its setting's type
     */
    static JsonObject effective(String file, Map<String, String> env) {
        try {
            Path written = Files.createTempFile("switchboard", ".json");
            try {
                Files.writeString(written, file);
                Map<String, String> withFile = new HashMap<>(env);
                withFile.put(CONFIG_FILE_VARIABLE, written.toString());
                return Settings.load(withFile, Map.of(), JsonObject.of(), APPLICATION_KEYS);
            } finally {
                Files.delete(written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A setting of a configuration that the manifests must set themselves.
     *
     * @param config an effective configuration
     * @param path a setting's dotted path
     * @return its value
     */
    static Object value(JsonObject config, String path) {
        String[] sectionAndKey = path.split("\\.", 2);
        JsonObject section = config.getJsonObject(sectionAndKey[0]);
        Object value = section == null ? null : section.getValue(sectionAndKey[1]);
        if (value == null) {
            throw new AssertionError(
                    paths().contains(path)
                            ? "The pod does not set " + path + " itself"
                            : path
                                    + " is not a setting of the chat: no table of Settings.KEYS or ChatApplication.configKeys()"
                                    + " declares it");
        }
        return value;
    }

    static int intValue(JsonObject config, String path) {
        return ((Number) value(config, path)).intValue();
    }
}
