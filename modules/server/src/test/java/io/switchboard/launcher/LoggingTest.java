// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoggingTest {

    /** A context of the test's own: the process's stays as logback-test.xml made it. */
    private final LoggerContext context = new LoggerContext();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void contextWithMdc() {
        // the SLF4J provider gives the process's context its MDC; a context made by hand needs one too
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private void apply(Map<String, String> env) {
        Logging.apply(context, Logging.choice(Settings.load(env, new JsonObject())));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ((OutputStreamAppender<?>) root.getAppender("console")).setOutputStream(out);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void theDefaultsAreInfoAndText() {
        Logging.Choice choice = Logging.choice(Settings.load(Map.of(), new JsonObject()));
        assertThat(choice.level()).isEqualTo(Level.INFO);
        assertThat(choice.json()).isFalse();
    }

    @Test
    void theVariablesSetLevelAndFormatInAnyCase() {
        Logging.Choice choice = Logging.choice(Settings.load(
                Map.of("SWITCHBOARD_LOG_LEVEL", "debug", "SWITCHBOARD_LOG_FORMAT", "JSON"), new JsonObject()));
        assertThat(choice.level()).isEqualTo(Level.DEBUG);
        assertThat(choice.json()).isTrue();
    }

    @Test
    void aBadLevelOrFormatIsAOneLineErrorNamingTheVariable() {
        assertThatThrownBy(
                        () -> Logging.choice(Settings.load(Map.of("SWITCHBOARD_LOG_LEVEL", "loud"), new JsonObject())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("log.level 'loud' is unknown; expected one of: TRACE, DEBUG, INFO, WARN, ERROR, OFF"
                        + " (set it with SWITCHBOARD_LOG_LEVEL)");
        assertThatThrownBy(() -> Logging.choice(new JsonObject().put("log", new JsonObject().put("format", "xml"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "log.format 'xml' is unknown; expected one of: text, json (set it with SWITCHBOARD_LOG_FORMAT)");
    }

    @Test
    void textIsOneLineWithTimeLevelLoggerAndMessage() {
        apply(Map.of());
        context.getLogger("io.switchboard.launcher.Switchboard").info("Switchboard listening on port {}", 8000);

        assertThat(lines())
                .singleElement()
                .asString()
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io.switchboard.launcher.Switchboard:"
                        + " Switchboard listening on port 8000");
    }

    @Test
    void jsonIsOneObjectPerLine() {
        apply(Map.of("SWITCHBOARD_LOG_FORMAT", "json"));
        Logger logger = context.getLogger("io.switchboard.launcher.Switchboard");
        logger.info("Stopping: closing sockets with {}", 1001);
        logger.warn("Stop did not finish cleanly", new IllegalStateException("timed out"));

        List<JsonObject> events = lines().stream().map(JsonObject::new).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getString("level")).isEqualTo("INFO");
        assertThat(events.get(0).getString("loggerName")).isEqualTo("io.switchboard.launcher.Switchboard");
        assertThat(events.get(0).getString("formattedMessage")).isEqualTo("Stopping: closing sockets with 1001");
        assertThat(events.get(0).getLong("timestamp")).isPositive();
        assertThat(events.get(1).getJsonObject("throwable").getString("message"))
                .isEqualTo("timed out");
    }

    @Test
    void debugReachesSwitchboardsLoggersButNotTheLibraries() {
        apply(Map.of("SWITCHBOARD_LOG_LEVEL", "DEBUG"));
        assertThat(context.getLogger("io.switchboard.cluster.impl.Router").isDebugEnabled())
                .isTrue();
        assertThat(context.getLogger("io.netty.buffer.PooledByteBufAllocator").isDebugEnabled())
                .isFalse();
        assertThat(context.getLogger("com.hazelcast.system").isInfoEnabled()).isTrue();
    }

    @Test
    void warnQuietsSwitchboardAndTheLibrariesAlike() {
        apply(Map.of("SWITCHBOARD_LOG_LEVEL", "warn"));
        for (String name : List.of("io.switchboard.launcher.Switchboard", "com.hazelcast.system")) {
            assertThat(context.getLogger(name).isInfoEnabled()).as(name).isFalse();
            assertThat(context.getLogger(name).isWarnEnabled()).as(name).isTrue();
        }
    }

    @Test
    void theSettingsTableListsBothLogVariables() throws Exception {
        assertThat(SettingsTest.variablesInTheSettingsTable("SWITCHBOARD_LOG_"))
                .containsExactly("SWITCHBOARD_LOG_LEVEL", "SWITCHBOARD_LOG_FORMAT");
    }
}
