// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.db.DatabaseOptions;
import io.switchboard.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.util.Map;
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
                new JsonObject());

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
                new JsonObject());

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
