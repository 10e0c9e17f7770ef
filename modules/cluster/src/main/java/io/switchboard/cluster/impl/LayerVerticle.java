// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Gives a layer instance a context of its own: its event-bus consumers and sweep timer live there, whichever
 * verticle first touched a group, and undeploying it unregisters them all.
 */
final class LayerVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return Future.succeededFuture();
    }

    Context context() {
        return context;
    }
}
