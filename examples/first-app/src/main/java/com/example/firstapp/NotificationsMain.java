// SPDX-License-Identifier: Apache-2.0
package com.example.firstapp;

import io.switchboard.launcher.Switchboard;

/**
 * Runs the notifications server: port 8000 and the in-memory channel layer unless {@code conf/switchboard.json} or
 * {@code SWITCHBOARD_*} variables say otherwise. Ctrl-C closes the sockets with 1012 and stops cleanly.
 */
public final class NotificationsMain {

    private NotificationsMain() {}

    public static void main(String[] args) {
        Switchboard.run(new NotificationsApplication());
    }
}
