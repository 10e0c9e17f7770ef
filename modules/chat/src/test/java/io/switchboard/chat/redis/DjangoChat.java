// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.redis;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Channels tutorial chat ({@code layer-redis/src/test/resources/django_chat}) served by daphne on a free
 * loopback port, with its channel layer on the given Redis, prefix and flavour. {@link #close} kills it.
 */
final class DjangoChat implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on TCP address 127\\.0\\.0\\.1:(\\d+)");

    private final ChildProcess daphne;
    private final int port;

    private DjangoChat(ChildProcess daphne, int port) {
        this.daphne = daphne;
        this.port = port;
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
                .directory(Services.DJANGO_PROJECT.toFile());
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
        return daphne.output();
    }

    @Override
    public void close() {
        daphne.close();
    }
}
