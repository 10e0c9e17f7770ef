// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

/**
 * What every chat consumer of the process shares.
 *
 * @param store messages and rooms in the database
 * @param settings the {@code chat} section
 * @param rooms who is in which room in this process
 * @param ids makes message ids
 * @param writes the messages being stored, per room
 * @param recovery whether the channel layer keeps the rooms' latest messages, so that a client coming back from a
 *     lost connection gets exactly what it missed
 */
record ChatServices(
        MessageStore store, ChatSettings settings, Rooms rooms, MessageIds ids, RoomWrites writes, boolean recovery) {}
