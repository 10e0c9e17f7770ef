// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.InvalidChannelLayerException;
import io.switchboard.layer.spi.ChannelLayerProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@code eventbus} provider: found by name, and refusing what it cannot run on. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class EventBusChannelLayerProviderTest {

    private static ChannelLayerProvider eventbus() {
        // looked up as the launcher looks it up; on the module path that is a use this module does not declare
        EventBusChannelLayerProviderTest.class.getModule().addUses(ChannelLayerProvider.class);
        return ServiceLoader.load(ChannelLayerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("eventbus"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theProviderIsFoundByItsName() {
        assertThat(eventbus()).isInstanceOf(EventBusChannelLayerProvider.class);
    }

    @Test
    void aVertxThatIsNotClusteredIsRefusedWithTheFix(Vertx vertx) {
        Throwable failure = eventbus().create(vertx, new JsonObject()).cause();
        assertThat(failure)
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageContaining("needs a clustered Vert.x")
                .hasMessageContaining("ClusteredVertx.start");
    }

    @Test
    void badLayerSettingsAreRefusedNamingTheKey(Vertx vertx) {
        assertThat(eventbus()
                        .create(vertx, new JsonObject().put("sendTimeout", 0))
                        .cause())
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessage("layer.sendTimeout must be > 0 seconds, was 0");
        assertThat(eventbus().create(vertx, new JsonObject().put("capacity", 0)).cause())
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageContaining("capacity must be > 0, was 0");
        assertThat(eventbus()
                        .create(vertx, new JsonObject().put("addressPrefix", " "))
                        .cause())
                .isInstanceOf(InvalidChannelLayerException.class)
                .hasMessageStartingWith("layer.addressPrefix must not be blank");
    }
}
