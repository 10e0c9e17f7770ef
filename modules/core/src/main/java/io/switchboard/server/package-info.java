// SPDX-License-Identifier: Apache-2.0
/**
 * The WebSocket server: {@link io.switchboard.server.Application} (an application's routes and consumers), the
 * {@link io.switchboard.server.WebSocketServerVerticle} that serves it, the process's
 * {@link io.switchboard.server.AppContext}, and the {@code server} section of the configuration,
 * {@link io.switchboard.server.ServerOptions}.
 *
 * <p>{@code @ModuleGen} lets Vert.x codegen generate the options' JSON converter.
 */
@ModuleGen(name = "switchboard-core-server", groupPackage = "io.switchboard.server")
package io.switchboard.server;

import io.vertx.codegen.annotations.ModuleGen;
