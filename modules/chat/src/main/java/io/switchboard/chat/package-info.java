// SPDX-License-Identifier: Apache-2.0
/**
 * The reference chat application, {@link io.switchboard.chat.ChatApplication}, and its {@code chat} section of the
 * configuration, {@link io.switchboard.chat.ChatSettings}.
 *
 * <p>{@code @ModuleGen} lets Vert.x codegen generate the settings' JSON converter.
 */
@ModuleGen(name = "switchboard-chat", groupPackage = "io.switchboard.chat")
package io.switchboard.chat;

import io.vertx.codegen.annotations.ModuleGen;
