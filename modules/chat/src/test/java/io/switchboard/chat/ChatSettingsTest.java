// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.db.DatabaseOptions;
import io.switchboard.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChatSettingsTest {

    @Test
    void theEnvironmentSetsTheChatAndDatabaseSections() {
        JsonObject config = Settings.load(
                Map.of(
                        "SWITCHBOARD_CHAT_REQUIRE_LOGIN", "true",
                        "SWITCHBOARD_CHAT_HISTORY", "20",
                        "SWITCHBOARD_DB_URL", "jdbc:postgresql://db:5432/chat",
                        "SWITCHBOARD_DB_USER", "chat",
                        "SWITCHBOARD_DB_PASSWORD", "pw",
                        "SWITCHBOARD_DB_WORKERS", "6",
                        "SWITCHBOARD_DB_MAX_AGE", "60"),
                Map.of(),
                new JsonObject(),
                new ChatApplication().configKeys());

        ChatSettings chat = new ChatSettings(config.getJsonObject("chat"));
        assertThat(chat.isRequireLogin()).isTrue();
        assertThat(chat.getHistory()).isEqualTo(20);
        DatabaseOptions db = new DatabaseOptions(config.getJsonObject("db"));
        assertThat(db.getUrl()).isEqualTo("jdbc:postgresql://db:5432/chat");
        assertThat(db.getUser()).isEqualTo("chat");
        assertThat(db.getPassword()).isEqualTo("pw");
        assertThat(db.getWorkers()).isEqualTo(6);
        assertThat(db.getMaxAgeSeconds()).isEqualTo(60);
    }

    @Test
    void theLauncherAndTheChatStillReadEveryVariableTheLauncherOnceListed() {
        Map<String, String> read = new HashMap<>();
        Stream.concat(Settings.KEYS.stream(), new ChatApplication().configKeys().stream())
                .forEach(keys -> read.putAll(keys.variables()));
        assertThat(read)
                .containsOnly(
                        Map.entry("SWITCHBOARD_HOST", "server.host"),
                        Map.entry("SWITCHBOARD_PORT", "server.port"),
                        Map.entry("SWITCHBOARD_INSTANCES", "server.instances"),
                        Map.entry("ASGI_THREADS", "server.threads"),
                        Map.entry("SWITCHBOARD_THREADS", "server.threads"),
                        Map.entry("SWITCHBOARD_ALLOWED_ORIGINS", "server.allowedOrigins"),
                        Map.entry("SWITCHBOARD_MAX_FRAME_SIZE", "server.maxFrameSize"),
                        Map.entry("SWITCHBOARD_MAX_MESSAGE_SIZE", "server.maxMessageSize"),
                        Map.entry("SWITCHBOARD_PING_INTERVAL", "server.pingInterval"),
                        Map.entry("SWITCHBOARD_IDLE_TIMEOUT", "server.idleTimeout"),
                        Map.entry("SWITCHBOARD_HANDSHAKE_TIMEOUT", "server.handshakeTimeout"),
                        Map.entry("SWITCHBOARD_STRICT_THREAD_MODE", "server.strictThreadMode"),
                        Map.entry("SWITCHBOARD_COMPRESSION", "server.compression"),
                        Map.entry("SWITCHBOARD_OUTBOUND_BUDGET", "server.outboundBudget"),
                        Map.entry("SWITCHBOARD_RATE_MESSAGES", "server.rateMessages"),
                        Map.entry("SWITCHBOARD_RATE_BURST", "server.rateBurst"),
                        Map.entry("SWITCHBOARD_RATE_BYTES", "server.rateBytes"),
                        Map.entry("SWITCHBOARD_RATE_BYTES_BURST", "server.rateBytesBurst"),
                        Map.entry("SWITCHBOARD_MAX_CONNECTIONS", "server.maxConnections"),
                        Map.entry("SWITCHBOARD_CONNECTION_RESERVE", "server.connectionReserve"),
                        Map.entry("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "server.maxConnectionsPerAddress"),
                        Map.entry("SWITCHBOARD_TRUSTED_PROXIES", "server.trustedProxies"),
                        Map.entry("SWITCHBOARD_REQUEST_TIMEOUT", "server.requestTimeout"),
                        Map.entry("SWITCHBOARD_HTTP_IDLE_TIMEOUT", "server.httpIdleTimeout"),
                        Map.entry("SWITCHBOARD_TLS_CERT", "server.tlsCert"),
                        Map.entry("SWITCHBOARD_TLS_KEY", "server.tlsKey"),
                        Map.entry("SWITCHBOARD_LAYER", "layer.backend"),
                        Map.entry("SWITCHBOARD_LAYER_CAPACITY", "layer.capacity"),
                        Map.entry("SWITCHBOARD_LAYER_EXPIRY", "layer.expiry"),
                        Map.entry("SWITCHBOARD_LAYER_GROUP_EXPIRY", "layer.groupExpiry"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_MAX_ENTRIES", "layer.presenceMaxEntries"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_MAX_META", "layer.presenceMaxMeta"),
                        Map.entry("SWITCHBOARD_LAYER_PRESENCE_TIMEOUT", "layer.presenceTimeout"),
                        Map.entry("SWITCHBOARD_DB_URL", "db.url"),
                        Map.entry("SWITCHBOARD_DB_USER", "db.user"),
                        Map.entry("SWITCHBOARD_DB_PASSWORD", "db.password"),
                        Map.entry("SWITCHBOARD_DB_WORKERS", "db.workers"),
                        Map.entry("SWITCHBOARD_DB_MAX_AGE", "db.maxAge"),
                        Map.entry("SWITCHBOARD_DB_QUEUE_SIZE", "db.queueSize"),
                        Map.entry("SWITCHBOARD_DB_UNIT_TIMEOUT", "db.unitTimeout"),
                        Map.entry("SWITCHBOARD_DB_SYNC_CONNECTIONS", "db.syncConnections"),
                        Map.entry("SWITCHBOARD_DB_CLIENT_POOL_SIZE", "db.clientPoolSize"),
                        Map.entry("SWITCHBOARD_DB_CONNECT_TIMEOUT", "db.connectTimeout"),
                        Map.entry("SWITCHBOARD_DB_HEALTH_CHECKS", "db.healthChecks"),
                        Map.entry("SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE", "db.allowAsyncUnsafe"),
                        Map.entry("SWITCHBOARD_DB_APPLICATION_NAME", "db.applicationName"),
                        Map.entry("SWITCHBOARD_CHAT_REQUIRE_LOGIN", "chat.requireLogin"),
                        Map.entry("SWITCHBOARD_CHAT_HISTORY", "chat.history"),
                        Map.entry("SWITCHBOARD_CHAT_STORE", "chat.store"),
                        Map.entry("SWITCHBOARD_CHAT_HISTORY_TIMEOUT", "chat.historyTimeout"),
                        Map.entry("SWITCHBOARD_CHAT_SESSION_TIMEOUT", "chat.sessionTimeout"),
                        Map.entry("SWITCHBOARD_CHAT_SECURE_COOKIE", "chat.secureCookie"),
                        Map.entry("SWITCHBOARD_CHAT_LOGIN_FREE_FAILURES", "chat.loginFreeFailures"),
                        Map.entry("SWITCHBOARD_CHAT_LOGIN_WINDOW", "chat.loginWindow"),
                        Map.entry("SWITCHBOARD_CHAT_LOGIN_MAX_DELAY", "chat.loginMaxDelay"),
                        Map.entry("SWITCHBOARD_CHAT_HASHING_QUEUE", "chat.hashingQueue"),
                        Map.entry("SWITCHBOARD_CHAT_RETAIN_COUNT", "chat.retainCount"),
                        Map.entry("SWITCHBOARD_CHAT_RETAIN_AGE", "chat.retainAge"),
                        // added since
                        Map.entry("SWITCHBOARD_CHAT_RECOVERY_SIZE", "chat.recoverySize"),
                        Map.entry("SWITCHBOARD_CHAT_RECOVERY_TTL", "chat.recoveryTtl"),
                        Map.entry("SWITCHBOARD_CHAT_WRITE_BATCH", "chat.writeBatch"),
                        Map.entry("SWITCHBOARD_CHAT_WRITE_DELAY", "chat.writeDelay"),
                        Map.entry("SWITCHBOARD_CHAT_WRITE_QUEUE", "chat.writeQueue"),
                        Map.entry("SWITCHBOARD_DRAIN_PERIOD", "server.drainPeriod"),
                        Map.entry("SWITCHBOARD_STOP_DELAY", "server.stopDelay"),
                        Map.entry("SWITCHBOARD_STOP_TIMEOUT", "server.stopTimeout"),
                        Map.entry("SWITCHBOARD_MANAGEMENT_PORT", "management.port"),
                        Map.entry("SWITCHBOARD_REDIS_URL", "layer.hosts"),
                        Map.entry("SWITCHBOARD_REDIS_PREFIX", "layer.prefix"),
                        Map.entry("SWITCHBOARD_CLUSTER_MEMBERS", "cluster.members"),
                        Map.entry("SWITCHBOARD_CLUSTER_PORT", "cluster.port"),
                        Map.entry("SWITCHBOARD_CLUSTER_HOST", "cluster.host"),
                        Map.entry("SWITCHBOARD_CLUSTER_PUBLIC_HOST", "cluster.publicHost"),
                        Map.entry("SWITCHBOARD_CLUSTER_EVENTBUS_PORT", "cluster.eventBusPort"),
                        Map.entry("SWITCHBOARD_CLUSTER_NAME", "cluster.name"),
                        Map.entry("SWITCHBOARD_CLUSTER_CONFIG", "cluster.configFile"),
                        Map.entry("SWITCHBOARD_CLUSTER_SERVICE_DNS", "cluster.serviceDns"),
                        Map.entry("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", "cluster.joinTimeout"),
                        Map.entry("SWITCHBOARD_CLUSTER_MIN_MEMBERS", "cluster.minMembers"),
                        Map.entry("SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT", "cluster.memberTimeout"),
                        Map.entry("SWITCHBOARD_CLUSTER_QUORUM", "cluster.quorum"),
                        Map.entry("SWITCHBOARD_LOG_LEVEL", "log.level"),
                        Map.entry("SWITCHBOARD_LOG_FORMAT", "log.format"),
                        Map.entry("SWITCHBOARD_SESSION_STORE", "session.store"),
                        Map.entry("SWITCHBOARD_SESSION_SECRET", "session.secret"),
                        Map.entry("SWITCHBOARD_SESSION_SECRET_FILE", "session.secretFile"));
    }

    @Test
    void defaultsLetAnonymousWriteAndShowFiftyMessages() {
        ChatSettings chat = new ChatSettings(new JsonObject());
        assertThat(chat.isRequireLogin()).isFalse();
        assertThat(chat.getHistory()).isEqualTo(50);
        assertThat(new ChatSettings(chat.toJson()).toJson()).isEqualTo(chat.toJson());
    }

    @Test
    void theEnvironmentSetsSessionsLogInLimitsAndRetention() {
        JsonObject config = Settings.load(
                Map.of(
                        "SWITCHBOARD_CHAT_SESSION_TIMEOUT", "3600",
                        "SWITCHBOARD_CHAT_SECURE_COOKIE", "true",
                        "SWITCHBOARD_CHAT_LOGIN_FREE_FAILURES", "3",
                        "SWITCHBOARD_CHAT_LOGIN_WINDOW", "600",
                        "SWITCHBOARD_CHAT_LOGIN_MAX_DELAY", "30",
                        "SWITCHBOARD_CHAT_HASHING_QUEUE", "8",
                        "SWITCHBOARD_CHAT_RETAIN_COUNT", "500",
                        "SWITCHBOARD_CHAT_RETAIN_AGE", "0"),
                Map.of(),
                new JsonObject(),
                new ChatApplication().configKeys());

        ChatSettings chat = new ChatSettings(config.getJsonObject("chat"));
        assertThat(chat.getSessionTimeout()).isEqualTo(3600);
        assertThat(chat.isSecureCookie(false)).isTrue();
        assertThat(chat.getLoginFreeFailures()).isEqualTo(3);
        assertThat(chat.getLoginWindow()).isEqualTo(600);
        assertThat(chat.getLoginMaxDelay()).isEqualTo(30);
        assertThat(chat.getHashingQueue()).isEqualTo(8);
        assertThat(chat.getRetainCount()).isEqualTo(500);
        assertThat(chat.getRetainAge()).isZero();
        assertThat(new ChatSettings(chat.toJson()).toJson()).isEqualTo(chat.toJson());
    }

    @Test
    void defaultsKeepSessionsTwoWeeksAndHistoryThirtyDaysAndSecureTheCookieWithTls() {
        ChatSettings chat = new ChatSettings(new JsonObject());
        assertThat(chat.getSessionTimeout()).isEqualTo(1_209_600);
        assertThat(chat.getSecureCookie()).isNull();
        assertThat(chat.isSecureCookie(true)).isTrue();
        assertThat(chat.isSecureCookie(false)).isFalse();
        assertThat(new ChatSettings(new JsonObject().put("secureCookie", false)).isSecureCookie(true))
                .isFalse();
        assertThat(chat.getLoginFreeFailures()).isEqualTo(5);
        assertThat(chat.getLoginWindow()).isEqualTo(900);
        assertThat(chat.getLoginMaxDelay()).isEqualTo(60);
        assertThat(chat.getHashingQueue()).isEqualTo(32);
        assertThat(chat.getRetainCount()).isEqualTo(10_000);
        assertThat(chat.getRetainAge()).isEqualTo(2_592_000);
    }

    @Test
    void badLimitsNameTheKey() {
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("sessionTimeout", 0)))
                .hasMessage("chat.sessionTimeout must be > 0, was 0");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("loginFreeFailures", 0)))
                .hasMessage("chat.loginFreeFailures must be > 0, was 0");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("loginMaxDelay", "soon")))
                .hasMessage("chat.loginMaxDelay 'soon' is not a whole number");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("hashingQueue", -1)))
                .hasMessage("chat.hashingQueue must be >= 0, was -1");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("retainAge", -5)))
                .hasMessage("chat.retainAge must be >= 0, was -5");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("retainCount", 3_000_000_000L)))
                .hasMessage("chat.retainCount '3000000000' is not a whole number between -2147483648 and 2147483647");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("secureCookie", "sometimes")))
                .hasMessage("chat.secureCookie 'sometimes' is not true or false");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("history", 5000)))
                .hasMessage("chat.history must be 0 to 1000, was 5000");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("requireLogin", "maybe")))
                .hasMessage("chat.requireLogin 'maybe' is not true or false");
    }
}
