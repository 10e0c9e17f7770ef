// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TextFrameTest {

    private static final AtomicInteger RENDERED = new AtomicInteger();
    private static final Function<JsonObject, String> FRAME = event -> {
        RENDERED.incrementAndGet();
        return new JsonObject().put("message", event.getString("message")).encode();
    };

    @Test
    void aGroupMessageIsRenderedOnceForAllMembersOfTheNode(Vertx vertx) throws Exception {
        ChannelLayer layer = ChannelLayer.memory(vertx);
        List<TextFrame> frames = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            String channel = layer.newChannel().await(5, TimeUnit.SECONDS);
            layer.subscribe(channel, event -> {
                        frames.add(TextFrame.render(event, FRAME));
                        delivered.countDown();
                    })
                    .await(5, TimeUnit.SECONDS);
            layer.groupAdd("room", channel).await(5, TimeUnit.SECONDS);
        }
        RENDERED.set(0);
        layer.groupSend("room", new JsonObject().put("type", "chat.message").put("message", "héllo"))
                .await(5, TimeUnit.SECONDS);
        assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(RENDERED.get()).isEqualTo(1);
        assertThat(frames).hasSize(3).allSatisfy(frame -> assertThat(frame).isSameAs(frames.get(0)));
        assertThat(frames.get(0).utf8().getBytes())
                .isEqualTo("{\"message\":\"héllo\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(frames.get(0).utf8()).isSameAs(frames.get(0).utf8());
    }

    @Test
    void aMessageFromElsewhereIsRenderedEachTime() {
        RENDERED.set(0);
        JsonObject plain = new JsonObject().put("message", "x");
        assertThat(TextFrame.render(plain, FRAME).text()).isEqualTo("{\"message\":\"x\"}");
        TextFrame.render(plain, FRAME);
        assertThat(RENDERED.get()).isEqualTo(2);
    }
}
