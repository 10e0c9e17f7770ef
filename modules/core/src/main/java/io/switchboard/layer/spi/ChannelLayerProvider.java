// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.spi;

import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A channel-layer backend, found with {@link java.util.ServiceLoader} by its {@link #name()}. The server picks
 * the provider named by the {@code layer.backend} setting ({@code SWITCHBOARD_LAYER}).
 *
 * <p>A provider and the layers it makes MUST:
 *
 * <ol>
 *   <li>pass {@code ChannelLayerContractTest}, or mark each case it cannot meet with the reason;
 *   <li>never block the calling thread: a blocking client goes behind {@code executeBlocking};
 *   <li>validate names with {@link io.switchboard.layer.ChannelNames}, so errors read the same everywhere;
 *   <li>fail {@link #create} with {@link io.switchboard.layer.InvalidChannelLayerException} naming the key, the
 *       value and what is accepted when the configuration is wrong.
 * </ol>
 */
public interface ChannelLayerProvider {

    /**
     * The backend's name in configuration, for example {@code memory}, {@code redis} or {@code eventbus}.
     *
     * @return a lower-case name
     */
    String name();

    /**
     * Makes a layer. Called once per process; the layer is shared by every verticle instance.
     *
     * @param vertx the process's Vert.x instance
     * @param config the {@code layer} section of the configuration
     * @return a future of the ready layer
     */
    Future<ChannelLayer> create(Vertx vertx, JsonObject config);
}
