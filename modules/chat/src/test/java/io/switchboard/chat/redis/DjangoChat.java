// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testsupport.ChildProcess;
import io.switchboard.testsupport.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Channels tutorial chat ({@code layer-redis/src/test/resources/django_chat}) served by daphne on a free
 * loopback port, with its channel layer on the given Redis, prefix and flavour. {@link #close} kills it.
 */
final class DjangoChat implements AutoCloseable {

    /** The tiny Django Channels project, kept with the Redis layer's test resources. */
    static final Path PROJECT = Path.of("..", "layer-redis", "src", "test", "resources", "django_chat")
            .toAbsolutePath()
            .normalize();

    private static final Pattern LISTENING = Pattern.compile("Listening on TCP address 127\\.0\\.0\\.1:(\\d+)");

    private final ChildProcess daphne;
    private final int port;

    private DjangoChat(ChildProcess daphne, int port) {
        this.daphne = daphne;
        this.port = port;
    }

    /** Skips the test, or fails it when {@code CI=true}, without Debian's Django Channels packages. */
    static void require() {
        assertThat(Files.isRegularFile(PROJECT.resolve("manage.py")))
                .as("The Django project is not at %s; run the test from modules/chat", PROJECT)
                .isTrue();
        Services.requirePythonModules(
                "python3-django python3-django-channels python3-channels-redis python3-daphne",
                "django",
                "channels",
                "channels_redis",
                "daphne");
    }

    /**
     * Starts daphne and waits until it listens.
     *
     * @param layer {@code redis} (channels_redis' RedisChannelLayer) or {@code redis-pubsub}
     *     (RedisPubSubChannelLayer)
     * @param redisUrl the Redis both chats use
     * @param prefix the key prefix both chats use
     * @return the running chat
     */
    static DjangoChat start(String layer, String redisUrl, String prefix) {
        ProcessBuilder builder = new ProcessBuilder(
                        Services.PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", "0", "django_chat.asgi:application")
                .directory(PROJECT.toFile());
        Map<String, String> env = builder.environment();
        env.put("DJANGO_SETTINGS_MODULE", "django_chat.settings");
        env.put("CHANNEL_LAYER", layer);
        env.put("REDIS_URL", redisUrl);
        env.put("REDIS_PREFIX", prefix);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        ChildProcess.Started started =
                ChildProcess.start("daphne (Django chat)", builder, LISTENING, Duration.ofSeconds(30));
        return new DjangoChat(
                started.process(), Integer.parseInt(started.readyLine().group(1)));
    }

    int port() {
        return port;
    }

    /** @return daphne's last lines of output, for a failure message */
    String output() {
        return daphne.tail();
    }

    @Override
    public void close() {
        daphne.close();
    }
}
