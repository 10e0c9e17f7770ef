// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Channel and group name rules, written once so every backend words its errors the same (Channels'
 * {@code require_valid_channel_name} / {@code require_valid_group_name}, with the strict ASCII rule).
 *
 * <ul>
 *   <li>A normal channel or a group: 1-99 ASCII letters, digits, {@code -}, {@code _} or {@code .}.
 *   <li>A process-specific channel: {@code remote!local}, where the remote part is a non-empty normal name and
 *       the local part uses the same characters and may be empty; 99 characters in all at most.
 * </ul>
 */
public final class ChannelNames {

    /** Names must be shorter than this. */
    public static final int MAX_LENGTH = 100;

    private ChannelNames() {}

    /**
     * Checks a channel name.
     *
     * @param channel the name to check
     * @return the name, for chaining
     * @throws IllegalArgumentException if it breaks the rules
     */
    public static String requireValidChannel(String channel) {
        if (!isValidChannel(channel)) {
            throw new IllegalArgumentException("Invalid channel name " + quote(channel)
                    + ": use 1-99 ASCII letters, digits, '-', '_' or '.', with at most one '!' after a non-empty part");
        }
        return channel;
    }

    /**
     * Checks a message before it is sent: not {@code null}, and without {@link ChannelLayer#RESERVED_KEY}, which
     * channels_redis uses for routing, or {@link StreamPosition#KEY}, which only the layer sets.
     *
     * @param target the channel or group it goes to, for the error message
     * @param message the message
     * @return the message, for chaining
     * @throws NullPointerException if the message is {@code null}
     * @throws IllegalArgumentException if it holds the reserved key
     */
    public static JsonObject requireSendable(String target, JsonObject message) {
        Objects.requireNonNull(message, "message");
        if (message.containsKey(ChannelLayer.RESERVED_KEY)) {
            throw new IllegalArgumentException("Message for '" + target + "' holds the reserved key '"
                    + ChannelLayer.RESERVED_KEY + "', which channels_redis uses for routing; rename that key");
        }
        if (message.containsKey(StreamPosition.KEY)) {
            throw new IllegalArgumentException("Message for '" + target + "' holds the reserved key '"
                    + StreamPosition.KEY + "', the position a group's history gives its messages; send a copy"
                    + " without it");
        }
        return message;
    }

    /**
     * Checks a group name.
     *
     * @param group the name to check
     * @return the name, for chaining
     * @throws IllegalArgumentException if it breaks the rules
     */
    public static String requireValidGroup(String group) {
        if (!isValidGroup(group)) {
            throw new IllegalArgumentException(
                    "Invalid group name " + quote(group) + ": use 1-99 ASCII letters, digits, '-', '_' or '.'");
        }
        return group;
    }

    /**
     * Checks a message key ({@link ChannelLayer#groupSendOnce}): the rules of a group name, so a random UUID or a
     * sender's name and counter fit.
     *
     * @param key the key to check
     * @return the key, for chaining
     * @throws IllegalArgumentException if it breaks the rules
     */
    public static String requireValidKey(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException(
                    "Invalid message key " + quote(key) + ": use 1-99 ASCII letters, digits, '-', '_' or '.'");
        }
        return key;
    }

    /**
     * Tells whether a channel name is valid.
     *
     * @param channel the name, may be {@code null}
     * @return {@code true} if valid
     */
    public static boolean isValidChannel(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() >= MAX_LENGTH) {
            return false;
        }
        int bang = channel.indexOf('!');
        if (bang < 0) {
            return allNameChars(channel, 0, channel.length());
        }
        return bang > 0 && allNameChars(channel, 0, bang) && allNameChars(channel, bang + 1, channel.length());
    }

    /**
     * Tells whether a group name is valid.
     *
     * @param group the name, may be {@code null}
     * @return {@code true} if valid
     */
    public static boolean isValidGroup(String group) {
        return group != null
                && !group.isEmpty()
                && group.length() < MAX_LENGTH
                && allNameChars(group, 0, group.length());
    }

    /**
     * Tells whether a message key is valid ({@link #requireValidKey}).
     *
     * @param key the key, may be {@code null}
     * @return {@code true} if valid
     */
    public static boolean isValidKey(String key) {
        return isValidGroup(key);
    }

    /**
     * Tells whether a channel is process-specific ({@code remote!local}).
     *
     * @param channel a valid channel name
     * @return {@code true} if it holds a {@code !}
     */
    public static boolean isProcessSpecific(String channel) {
        return channel.indexOf('!') >= 0;
    }

    /**
     * The non-local part of a process-specific channel, up to and including the {@code !}; a normal channel is
     * returned whole.
     *
     * @param channel a valid channel name
     * @return the part that names the receiving process
     */
    public static String nonLocalPart(String channel) {
        int bang = channel.indexOf('!');
        return bang < 0 ? channel : channel.substring(0, bang + 1);
    }

    private static boolean allNameChars(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
        return "'" + shown + "'";
    }
}
