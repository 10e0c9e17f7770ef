// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.YamlConfigBuilder;
import io.switchboard.cluster.ClusterOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Builds the Hazelcast configuration from a file of {@code conf/cluster/} and {@link ClusterOptions}: the options
 * fill the file's {@code ${switchboard.cluster.*}} variables, and {@code hazelcastProperties} override it.
 */
final class HazelcastConfigs {

    /** Where the files of {@code conf/cluster/} are on the classpath. */
    static final String CLASSPATH_DIR = "io/switchboard/cluster/";

    private HazelcastConfigs() {}

    /**
     * Reads and fills the configuration file. Blocking: it reads a file; call it at start-up, not on an event loop.
     *
     * @param options the cluster options
     * @return the Hazelcast configuration
     * @throws IllegalArgumentException if the file cannot be found or read, naming it
     */
    static Config load(ClusterOptions options) {
        Properties variables = variables(options);
        String file = options.getConfigFile();
        boolean yaml = file.endsWith(".yaml") || file.endsWith(".yml");
        Config config;
        try (InputStream in = open(file)) {
            config = yaml
                    ? new YamlConfigBuilder(in).setProperties(variables).build()
                    : new XmlConfigBuilder(in).setProperties(variables).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cluster.configFile '" + file + "' cannot be used: " + e.getMessage(), e);
        }
        // Hazelcast logs through SLF4J like the rest of the process, unless told otherwise
        if (config.getProperty("hazelcast.logging.type") == null
                && System.getProperty("hazelcast.logging.type") == null) {
            config.setProperty("hazelcast.logging.type", "slf4j");
        }
        options.getHazelcastProperties().forEach(config::setProperty);
        return config;
    }

    /** The values the configuration file can refer to, as {@code ${switchboard.cluster.<key>}}. */
    static Properties variables(ClusterOptions options) {
        Properties variables = new Properties();
        variables.putAll(System.getProperties());
        String p = "switchboard.cluster.";
        variables.setProperty(p + "name", options.getName());
        variables.setProperty(p + "members", String.join(",", options.getMembers()));
        variables.setProperty(p + "port", String.valueOf(options.getPort()));
        variables.setProperty(p + "host", options.getHost());
        variables.setProperty(
                p + "publicHost", options.getPublicHost() == null ? options.getHost() : options.getPublicHost());
        variables.setProperty(p + "serviceDns", options.getServiceDns());
        variables.setProperty(p + "joinTimeout", String.valueOf(options.getJoinTimeoutSeconds()));
        variables.setProperty(p + "memberTimeout", String.valueOf(options.getMemberTimeoutSeconds()));
        variables.setProperty(p + "heartbeat", String.valueOf(Math.max(1, options.getMemberTimeoutSeconds() / 5)));
        return variables;
    }

    private static InputStream open(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.isRegularFile(path)) {
            return Files.newInputStream(path);
        }
        // the files of conf/cluster/ ship in the jar too, so the defaults work from any directory
        if (file.equals(ClusterOptions.DEFAULT_CONFIG_FILE) || file.equals(ClusterOptions.KUBERNETES_CONFIG_FILE)) {
            String resource = CLASSPATH_DIR + path.getFileName();
            // through the class, not its loader: on the module path a loader sees no resource in a package not opened
            InputStream in = HazelcastConfigs.class.getResourceAsStream("/" + resource);
            if (in != null) {
                return in;
            }
        }
        throw new IOException(
                "no such file (relative paths start at " + Path.of("").toAbsolutePath() + ")");
    }
}
