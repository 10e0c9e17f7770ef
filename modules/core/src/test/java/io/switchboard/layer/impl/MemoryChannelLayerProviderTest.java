// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class MemoryChannelLayerProviderTest {

    private static ChannelLayerProvider memoryProvider() {
        return ServiceLoader.load(ChannelLayerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("memory"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No ChannelLayerProvider named memory"));
    }

    @Test
    void theServiceLoaderFindsTheMemoryProviderAndItAppliesTheConfig(Vertx vertx) throws Exception {
        ChannelLayer layer = memoryProvider()
                .create(vertx, new JsonObject().put("capacity", 1).put("backend", "memory"))
                .await(5, TimeUnit.SECONDS);
        try {
            layer.send("one", new JsonObject().put("type", "t")).await(5, TimeUnit.SECONDS);
            Future<Void> over = layer.send("one", new JsonObject().put("type", "t"));
            assertThat(over.cause()).isInstanceOf(ChannelFullException.class);
        } finally {
            layer.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadValueFailsWithTheKeyAndTheValue(Vertx vertx) {
        Future<ChannelLayer> zero = memoryProvider().create(vertx, new JsonObject().put("capacity", 0));
        assertThat(zero.cause())
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageContaining("capacity must be > 0, was 0");
        Future<ChannelLayer> text = memoryProvider().create(vertx, new JsonObject().put("expiry", "soon"));
        assertThat(text.cause())
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageContaining("\"expiry\":\"soon\"")
                .hasMessageContaining("expected capacity, expiry and groupExpiry as positive numbers");
    }
}
