// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.launcher.Switchboard;

/** Runs the chat server with the configuration of {@code conf/} and the environment. */
public final class ChatMain {

    private ChatMain() {}

    /**
     * Starts the chat server.
     *
     * @param args ignored; configure with {@code conf/switchboard.json} and {@code SWITCHBOARD_*} variables
     */
    public static void main(String[] args) {
        Switchboard.run(new ChatApplication());
    }
}
