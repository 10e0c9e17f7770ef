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
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("history", 5000)))
                .hasMessage("chat.history must be 0 to 1000, was 5000");
        assertThatThrownBy(() -> new ChatSettings(new JsonObject().put("requireLogin", "maybe")))
                .hasMessage("chat.requireLogin must be true or false, was 'maybe'");
    }
}
