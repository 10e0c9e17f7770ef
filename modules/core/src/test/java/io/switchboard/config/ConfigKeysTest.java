// SPDX-License-Identifier: Apache-2.0
package io.switchboard.config;

import static io.switchboard.config.ConfigKey.Type.BOOLEAN;
import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.INT_MAP;
import static io.switchboard.config.ConfigKey.Type.LIST;
import static io.switchboard.config.ConfigKey.Type.LONG;
import static io.switchboard.config.ConfigKey.Type.TEXT;
import static io.switchboard.config.ConfigKey.Type.TEXT_MAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place where configuration values get their types, and where bad ones are worded. */
class ConfigKeysTest {

    private static final ConfigKeys KEYS = ConfigKeys.section("demo")
            .key("port", INT, "DEMO_PORT")
            .key("expiry", LONG, "DEMO_EXPIRY")
            .property("expirySeconds")
            .key("verbose", BOOLEAN, "DEMO_VERBOSE")
            .key("name", TEXT, "DEMO_NAME")
            .key("threads", INT, "DEMO_THREADS", "OLD_THREADS")
            .key("hosts", LIST, "DEMO_HOSTS")
            .key("limits", INT_MAP)
            .key("extra", TEXT_MAP);

    @Test
    void variablesGiveTextWhichBecomesTheKeysTypes() {
        JsonObject values = KEYS.environment(Map.of(
                "DEMO_PORT", " 8001 ",
                "DEMO_EXPIRY", "3000000000",
                "DEMO_VERBOSE", "Yes",
                "DEMO_NAME", " box ",
                "DEMO_HOSTS", "a:1, b:2,,",
                "UNRELATED", "x"));
        assertThat(values)
                .isEqualTo(new JsonObject()
                        .put("port", 8001)
                        .put("expiry", 3_000_000_000L)
                        .put("verbose", true)
                        .put("name", "box")
                        .put("hosts", new JsonArray().add("a:1").add("b:2")));
        assertThat(values.getValue("port")).isInstanceOf(Integer.class);
        assertThat(values.getValue("expiry")).isInstanceOf(Long.class);
    }

    @Test
    void theFirstVariableSetWinsAndBlankOnesAreNotSet() {
        assertThat(KEYS.environment(Map.of("OLD_THREADS", "3")).getInteger("threads"))
                .isEqualTo(3);
        assertThat(KEYS.environment(Map.of("OLD_THREADS", "3", "DEMO_THREADS", "12"))
                        .getInteger("threads"))
                .isEqualTo(12);
        assertThat(KEYS.environment(Map.of("DEMO_THREADS", " ", "DEMO_PORT", "")))
                .isEmpty();
    }

    @Test
    void aBadVariableNamesItselfItsTextAndTheKey() {
        assertThatThrownBy(() -> KEYS.environment(Map.of("DEMO_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DEMO_PORT 'eighty' is not a whole number (it sets demo.port)");
        assertThatThrownBy(() -> KEYS.environment(Map.of("DEMO_VERBOSE", "sometimes")))
                .hasMessage("DEMO_VERBOSE 'sometimes' is not true or false (it sets demo.verbose)");
        assertThatThrownBy(() -> KEYS.environment(Map.of("DEMO_PORT", "4294967296")))
                .hasMessage("DEMO_PORT '4294967296' is not a whole number between -2147483648 and 2147483647"
                        + " (it sets demo.port)");
    }

    @Test
    void systemPropertiesNameTheKeyUnderTheSwitchboardPrefix() {
        ConfigKey port = KEYS.keys().get(0);
        assertThat(port.systemProperty()).isEqualTo("switchboard.demo.port");
        assertThat(KEYS.systemProperties(
                        Map.of("switchboard.demo.port", "8002", "switchboard.demo.limits", "{\"a\":1}")))
                .isEqualTo(new JsonObject().put("port", 8002).put("limits", new JsonObject().put("a", 1)));
        assertThatThrownBy(() -> KEYS.systemProperties(Map.of("switchboard.demo.port", "eighty")))
                .hasMessage("-Dswitchboard.demo.port 'eighty' is not a whole number (it sets demo.port)");
    }

    @Test
    void jsonValuesOfTheWrongTypeNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("port", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo.port 'eighty' is not a whole number");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("port", 2.5)))
                .hasMessage("demo.port '2.5' is not a whole number");
        // 2^32 + 8000 would wrap to 8000 in an int
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("port", 4_294_975_296L)))
                .hasMessage("demo.port '4294975296' is not a whole number between -2147483648 and 2147483647");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("verbose", 1)))
                .hasMessage("demo.verbose '1' is not true or false");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("name", new JsonObject())))
                .hasMessage("demo.name '{}' is not text");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("hosts", 5)))
                .hasMessage("demo.hosts '5' is not a list (a JSON array, or text with commas between the items)");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("limits", new JsonObject().put("a*", "many"))))
                .hasMessage("demo.limits['a*'] 'many' is not a whole number");
        assertThatThrownBy(() -> KEYS.read(new JsonObject().put("extra", "x=1")))
                .hasMessage("demo.extra 'x=1' is not an object of names to values");
    }

    @Test
    void jsonTextAndWholeDecimalsAreAccepted() {
        JsonObject read = KEYS.read(new JsonObject()
                .put("port", " 8003 ")
                .put("expiry", 60.0)
                .put("verbose", "off")
                .put("name", 42)
                .put("hosts", new JsonArray().add("a").add(7))
                .put("extra", new JsonObject().put("n", 71).put("b", true)));
        assertThat(read)
                .isEqualTo(new JsonObject()
                        .put("port", 8003)
                        .put("expirySeconds", 60L)
                        .put("verbose", false)
                        .put("name", "42")
                        .put("hosts", new JsonArray().add("a").add("7"))
                        .put("extra", new JsonObject().put("n", "71").put("b", "true")));
    }

    @Test
    void readNamesByPropertyAndLeavesOutUnknownAndNullKeysWhileCheckKeepsThem() {
        JsonObject json =
                new JsonObject().put("expiry", "60").put("backend", "memory").putNull("name");
        assertThat(KEYS.read(json)).isEqualTo(new JsonObject().put("expirySeconds", 60L));
        assertThat(KEYS.check(json))
                .isEqualTo(new JsonObject()
                        .put("expiry", 60L)
                        .put("backend", "memory")
                        .putNull("name"));
    }

    @Test
    void writeNamesByKeyInTheTablesOrder() {
        JsonObject properties = new JsonObject()
                .put("other", 1)
                .put("verbose", true)
                .put("expirySeconds", 60L)
                .put("port", 8000);
        assertThat(KEYS.write(properties).encode())
                .isEqualTo("{\"port\":8000,\"expiry\":60,\"verbose\":true,\"other\":1}");
    }

    @Test
    void theTableListsEachVariableWithItsKey() {
        assertThat(KEYS.variables())
                .containsExactly(
                        Map.entry("DEMO_PORT", "demo.port"),
                        Map.entry("DEMO_EXPIRY", "demo.expiry"),
                        Map.entry("DEMO_VERBOSE", "demo.verbose"),
                        Map.entry("DEMO_NAME", "demo.name"),
                        Map.entry("DEMO_THREADS", "demo.threads"),
                        Map.entry("OLD_THREADS", "demo.threads"),
                        Map.entry("DEMO_HOSTS", "demo.hosts"));
        assertThatThrownBy(() -> ConfigKeys.section("x").property("y")).isInstanceOf(IllegalStateException.class);
    }
}
