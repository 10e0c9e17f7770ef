// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static io.switchboard.config.ConfigKey.Type.TEXT;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import io.switchboard.config.ConfigKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.core.logging.SLF4JLogDelegateFactory;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The process's log: every library logs through SLF4J to Logback, which writes one line per event on standard
 * output, as text or as a JSON object, from the level of {@code log.level}. An application's own Logback file
 * ({@code logback.xml} on the class path, or {@code -Dlogback.configurationFile}) wins over both settings.
 */
final class Logging {

    /** The keys of the {@code log} section. */
    static final ConfigKeys KEYS = ConfigKeys.section("log")
            .key("level", TEXT, "SWITCHBOARD_LOG_LEVEL")
            .key("format", TEXT, "SWITCHBOARD_LOG_FORMAT");

    static final String DEFAULT_LEVEL = "INFO";
    static final String DEFAULT_FORMAT = "text";
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger: %msg%n";

    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final List<String> FORMATS = List.of("text", "json");
    private static final String VERTX_LOGGER = "vertx.logger-delegate-factory-class-name";
    private static final String OWN_LOGGERS = "io.switchboard";

    /**
     * The {@code log} section, checked.
     *
     * @param level the level of Switchboard's own loggers
     * @param json one JSON object per line instead of text
     */
    record Choice(Level level, boolean json) {}

    private Logging() {}

    /**
     * Checks the {@code log} section and sets the process's logging up by it, before anything is logged.
     *
     * @param config the configuration, as {@link Settings#load()} gives it
     * @throws ConfigurationException for a bad level or format
     */
    static void configure(JsonObject config) {
        Choice choice = choice(config);
        if (System.getProperty(VERTX_LOGGER) == null) {
            System.setProperty(VERTX_LOGGER, SLF4JLogDelegateFactory.class.getName());
        }
        if (!hasOwnFile()) {
            apply((LoggerContext) LoggerFactory.getILoggerFactory(), choice);
        }
    }

    /**
     * Reads the {@code log} section.
     *
     * @throws ConfigurationException naming the key, the value and what is accepted
     */
    static Choice choice(JsonObject config) {
        JsonObject log = Settings.section(config, "log");
        String level = oneOf(log, "level", DEFAULT_LEVEL, LEVELS, "SWITCHBOARD_LOG_LEVEL");
        String format = oneOf(log, "format", DEFAULT_FORMAT, FORMATS, "SWITCHBOARD_LOG_FORMAT");
        return new Choice(Level.toLevel(level), format.equals("json"));
    }

    private static String oneOf(JsonObject log, String key, String fallback, List<String> accepted, String variable) {
        Object value = log.getValue(key, fallback);
        String text = String.valueOf(value).trim();
        for (String candidate : accepted) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw new ConfigurationException(
                "log." + key + " '" + value + "' is unknown; expected one of: " + String.join(", ", accepted)
                        + " (set it with " + variable + ")",
                null);
    }

    /**
     * Replaces a context's configuration: one console appender on standard output. Switchboard's loggers take the
     * chosen level; the libraries take it too, but never log below INFO, so DEBUG shows Switchboard's details
     * without Netty's and Hazelcast's.
     */
    static void apply(LoggerContext context, Choice choice) {
        context.reset();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context, choice.json()));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(choice.level().isGreaterOrEqual(Level.INFO) ? choice.level() : Level.INFO);
        context.getLogger(OWN_LOGGERS).setLevel(choice.level());
    }

    private static EncoderBase<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        EncoderBase<ILoggingEvent> encoder;
        if (json) {
            JsonEncoder lines = new JsonEncoder();
            // the message as written, not its pattern and arguments; no context name and start time on every line
            lines.setWithMessage(false);
            lines.setWithArguments(false);
            lines.setWithFormattedMessage(true);
            lines.setWithContext(false);
            lines.setWithSequenceNumber(false);
            lines.setWithNanoseconds(false);
            encoder = lines;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static boolean hasOwnFile() {
        ClassLoader loader = Logging.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null;
    }

    /**
     * Stops Logback, writing out whatever its appenders hold. The launcher's shutdown hook calls it last, after its
     * own lines; Logback registers no shutdown hook of its own that could stop it earlier.
     */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
