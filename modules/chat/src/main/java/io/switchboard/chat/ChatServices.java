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
 */
record ChatServices(MessageStore store, ChatSettings settings, Rooms rooms, MessageIds ids, RoomWrites writes) {}
