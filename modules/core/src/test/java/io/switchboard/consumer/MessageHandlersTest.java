// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MessageHandlersTest {

    private final MessageHandlers<String> handlers = new MessageHandlers<>(MessageHandlersTest.class);

    private static JsonObject typed(Object type) {
        return new JsonObject().put("type", type);
    }

    @Test
    void aTypeFindsItsHandlerWithDotsOrUnderscores() {
        handlers.register("chat.message", "chat");
        handlers.register("user_joined", "joined");
        assertThat(handlers.find(typed("chat.message"))).isEqualTo("chat");
        assertThat(handlers.find(typed("chat_message"))).isEqualTo("chat");
        assertThat(handlers.find(typed("user.joined"))).isEqualTo("joined");
        assertThat(handlers.find(typed("user_joined"))).isEqualTo("joined");
    }

    @Test
    void twoSpellingsOfOneTypeCannotBothBeRegistered() {
        handlers.register("chat.message", "chat");
        assertThatThrownBy(() -> handlers.register("chat_message", "again"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registered twice");
    }

    @Test
    void unknownMissingAndMalformedTypesAreClearErrors() {
        handlers.register("chat.message", "chat");
        assertThatThrownBy(() -> handlers.find(typed("chat.other")))
                .isInstanceOf(NoHandlerException.class)
                .hasMessageContaining("No handler for message type 'chat.other'");
        assertThatThrownBy(() -> handlers.find(new JsonObject()))
                .isInstanceOf(NoHandlerException.class)
                .hasMessageContaining("without a string 'type'");
        assertThatThrownBy(() -> handlers.find(typed(".hidden")))
                .isInstanceOf(NoHandlerException.class)
                .hasMessageContaining("Malformed message type");
    }
}
