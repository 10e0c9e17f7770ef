// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.ConfigKey;
import io.switchboard.config.ConfigKeys;
import io.switchboard.server.ServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    /**
     * Checks that the settings table of {@code docs/settings.md} has a row for each variable of the launcher's keys
     * whose name starts with a prefix.
     *
     * @return those variables' names, in the order of {@link Settings#KEYS}
     */
    static List<String> variablesInTheSettingsTable(String prefix) throws IOException {
        String table = Files.readString(Path.of("../../docs/settings.md"));
        List<String> names = new ArrayList<>();
        for (ConfigKeys keys : Settings.KEYS) {
            for (ConfigKey key : keys.keys()) {
                for (String variable : key.variables()) {
                    if (variable.startsWith(prefix)) {
                        assertThat(table).contains("| `" + variable + "` | `" + key.path() + "` |");
                        names.add(variable);
                    }
                }
            }
        }
        return names;
    }

    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        Path file = dir.resolve("switchboard.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void environmentVariablesOverrideTheFileWhichOverridesTheDefaults() throws Exception {
        Path file = file("{\"server\": {\"port\": 9000, \"host\": \"127.0.0.1\"}, \"layer\": {\"capacity\": 50}}");
        JsonObject config = Settings.load(
                Map.of(
                        "SWITCHBOARD_CONFIG", file.toString(),
                        "SWITCHBOARD_PORT", "9100",
                        "SWITCHBOARD_ALLOWED_ORIGINS", "example.com, .example.org",
                        "SWITCHBOARD_LAYER", "memory"),
                new JsonObject().put("chat", new JsonObject().put("requireLogin", false)));

        assertThat(config.getJsonObject("server").getLong("port")).isEqualTo(9100L);
        assertThat(config.getJsonObject("server").getString("host")).isEqualTo("127.0.0.1");
        assertThat(config.getJsonObject("server").getJsonArray("allowedOrigins"))
                .isEqualTo(new JsonArray().add("example.com").add(".example.org"));
        assertThat(config.getJsonObject("layer").getInteger("capacity")).isEqualTo(50);
        assertThat(config.getJsonObject("layer").getString("backend")).isEqualTo("memory");
        assertThat(config.getJsonObject("chat").getBoolean("requireLogin")).isFalse();
        ServerOptions options = new ServerOptions(config.getJsonObject("server"));
        assertThat(options.getPort()).isEqualTo(9100);
        assertThat(options.getAllowedOrigins()).containsExactly("example.com", ".example.org");
    }

    @Test
    void theHostileClientLimitsAreSettingsWithDefaultsAndVariables() {
        ServerOptions defaults =
                new ServerOptions(Settings.section(Settings.load(Map.of(), new JsonObject()), "server"));
        assertThat(defaults.isCompression()).isFalse();
        assertThat(defaults.getAllowedOrigins()).containsExactly("self");
        assertThat(defaults.getOutboundBudget()).isEqualTo(1_048_576);
        assertThat(defaults.maxConnections()).isPositive();

        JsonObject set = Settings.load(
                Map.of(
                        "SWITCHBOARD_COMPRESSION", "true",
                        "SWITCHBOARD_RATE_MESSAGES", "0",
                        "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "7",
                        "SWITCHBOARD_TRUSTED_PROXIES", "10.0.0.0/8, ::1",
                        "SWITCHBOARD_REQUEST_TIMEOUT", "3"),
                new JsonObject());
        ServerOptions options = new ServerOptions(set.getJsonObject("server"));
        assertThat(options.isCompression()).isTrue();
        assertThat(options.getRateMessages()).isZero();
        assertThat(options.getMaxConnectionsPerAddress()).isEqualTo(7);
        assertThat(options.getTrustedProxies()).containsExactly("10.0.0.0/8", "::1");
        assertThat(options.getRequestTimeout()).isEqualTo(3);

        JsonObject bad = Settings.load(Map.of("SWITCHBOARD_TRUSTED_PROXIES", "the-proxy"), new JsonObject());
        assertThatThrownBy(() -> new ServerOptions(bad.getJsonObject("server")))
                .hasMessage(
                        "server.trustedProxies 'the-proxy' is not an IP address or a CIDR block such as 10.0.0.0/8");
        assertThatThrownBy(() -> new ServerOptions().setTls("cert.pem", null))
                .hasMessageContaining("server.tlsCert and server.tlsKey go together");
    }

    @Test
    void asgiThreadsIsAnAliasAndSwitchboardThreadsWins() {
        assertThat(new ServerOptions(Settings.load(Map.of("ASGI_THREADS", "3"), new JsonObject())
                                .getJsonObject("server"))
                        .getThreads())
                .isEqualTo(3);
        JsonObject both = Settings.load(Map.of("ASGI_THREADS", "3", "SWITCHBOARD_THREADS", "12"), new JsonObject());
        assertThat(new ServerOptions(both.getJsonObject("server")).getThreads()).isEqualTo(12);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        ServerOptions options = new ServerOptions(new JsonObject());
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(options.getPort()).isEqualTo(8000);
        assertThat(options.getInstances()).isEqualTo(cores);
        assertThat(options.getThreads()).isEqualTo(Math.min(32, cores + 4));
        assertThat(options.isStrictThreadMode()).isTrue();
    }

    @Test
    void strictThreadModeIsTurnedOffByItsVariableOrKey() {
        JsonObject server = Settings.load(Map.of("SWITCHBOARD_STRICT_THREAD_MODE", "false"), new JsonObject())
                .getJsonObject("server");
        assertThat(new ServerOptions(server).isStrictThreadMode()).isFalse();
        assertThat(new ServerOptions(new JsonObject().put("strictThreadMode", "false")).isStrictThreadMode())
                .isFalse();
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("strictThreadMode", "sometimes")))
                .hasMessage("server.strictThreadMode 'sometimes' is not true or false");
    }

    @Test
    void aBadValueNamesTheVariableAndTheKey() {
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_PORT", "eighty"), new JsonObject()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("SWITCHBOARD_PORT 'eighty' is not a whole number (it sets server.port)");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("port", 70000)))
                .hasMessage("server.port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> new ServerOptions(new JsonObject().put("instances", 0)))
                .hasMessage("server.instances must be between 1 and 1024, was 0");
    }

    @Test
    void systemPropertiesOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = file("{\"server\": {\"port\": 9000, \"host\": \"127.0.0.1\"}}");
        JsonObject config = Settings.load(
                Map.of("SWITCHBOARD_CONFIG", file.toString(), "SWITCHBOARD_PORT", "9100"),
                Map.of(
                        "switchboard.server.port", "9200",
                        "switchboard.layer.connectTimeout", "1500",
                        "java.version", "17"),
                new JsonObject(),
                List.of());
        assertThat(config.getJsonObject("server").getInteger("port")).isEqualTo(9200);
        assertThat(config.getJsonObject("server").getString("host")).isEqualTo("127.0.0.1");
        // a key without a variable still has its property
        assertThat(config.getJsonObject("layer").getLong("connectTimeout")).isEqualTo(1500L);
    }

    @Test
    void theProcessSystemPropertiesAreRead() {
        System.setProperty("switchboard.server.instances", "3");
        try {
            assertThat(Settings.load().getJsonObject("server").getInteger("instances"))
                    .isEqualTo(3);
        } finally {
            System.clearProperty("switchboard.server.instances");
        }
    }

    @Test
    void aBadOrUnknownSystemPropertyIsNamed() {
        assertThatThrownBy(() -> Settings.load(
                        Map.of(), Map.of("switchboard.server.port", "eighty"), new JsonObject(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("-Dswitchboard.server.port 'eighty' is not a whole number (it sets server.port)");
        assertThatThrownBy(() ->
                        Settings.load(Map.of(), Map.of("switchboard.server.prot", "8001"), new JsonObject(), List.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("-Dswitchboard.server.prot sets no setting; a system property names a key as"
                        + " switchboard.<section>.<key>, for example -Dswitchboard.server.port=8001");
    }

    @Test
    void aWrongTypeInTheFileNamesTheKey() throws Exception {
        Path port = file("{\"server\": {\"port\": \"eighty\"}}");
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", port.toString()), new JsonObject()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("server.port 'eighty' is not a whole number");
        Path members = file("{\"cluster\": {\"members\": {\"first\": \"127.0.0.1:5701\"}}}");
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", members.toString()), new JsonObject()))
                .hasMessageStartingWith("cluster.members '{\"first\":\"127.0.0.1:5701\"}' is not a list");
        Path section = file("{\"db\": 5, \"server\": []}");
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", section.toString()), new JsonObject()))
                .hasMessage("Configuration key 'server' must be an object, was []");
    }

    @Test
    void textInTheFileIsReadAsTheKeysType() throws Exception {
        Path file = file(
                "{\"server\": {\"port\": \" 9000 \", \"compression\": \"yes\", \"trustedProxies\": \"10.0.0.1\"}}");
        JsonObject server = Settings.load(Map.of("SWITCHBOARD_CONFIG", file.toString()), new JsonObject())
                .getJsonObject("server");
        assertThat(server)
                .isEqualTo(new JsonObject()
                        .put("port", 9000)
                        .put("compression", true)
                        .put("trustedProxies", new JsonArray().add("10.0.0.1")));
    }

    @Test
    void theApplicationsKeysAreSetByTheirVariablesAndProperties() {
        ConfigKeys own = ConfigKeys.section("shop").key("currency", ConfigKey.Type.TEXT, "SHOP_CURRENCY");
        JsonObject config = Settings.load(Map.of("SHOP_CURRENCY", "EUR"), Map.of(), new JsonObject(), List.of(own));
        assertThat(config.getJsonObject("shop").getString("currency")).isEqualTo("EUR");
        assertThat(Settings.load(Map.of("SHOP_CURRENCY", "EUR"), new JsonObject())
                        .containsKey("shop"))
                .as("not without the application's keys")
                .isFalse();
    }

    @Test
    void aMissingOrBrokenConfigFileIsAClearError() throws Exception {
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", "/nope/x.json"), new JsonObject()))
                .hasMessageContaining("SWITCHBOARD_CONFIG names /nope/x.json, which does not exist");
        Path broken = file("{\"server\": ");
        assertThatThrownBy(() -> Settings.load(Map.of("SWITCHBOARD_CONFIG", broken.toString()), new JsonObject()))
                .hasMessageContaining("is not a JSON object");
    }
}
