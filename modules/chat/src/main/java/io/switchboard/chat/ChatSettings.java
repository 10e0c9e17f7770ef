// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The chat's own settings, read from the configuration's {@code chat} section; the server maps the environment
 * variables onto the same keys.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code requireLogin}</td><td>{@code SWITCHBOARD_CHAT_REQUIRE_LOGIN}</td><td>false</td>
 *       <td>writing needs a login; anonymous users still read</td></tr>
 *   <tr><td>{@code history}</td><td>{@code SWITCHBOARD_CHAT_HISTORY}</td><td>{@value #DEFAULT_HISTORY}</td>
 *       <td>recent messages a room shows on entry, 0 for none</td></tr>
 *   <tr><td>{@code historyTimeout}</td><td>{@code SWITCHBOARD_CHAT_HISTORY_TIMEOUT}</td>
 *       <td>{@value #DEFAULT_HISTORY_TIMEOUT_MILLIS}</td>
 *       <td>milliseconds a new connection waits for its history before it goes live without it</td></tr>
 *   <tr><td>{@code store}</td><td>{@code SWITCHBOARD_CHAT_STORE}</td><td>true</td>
 *       <td>store messages and show history; false leaves only the live path, for load tests of it</td></tr>
 * </table>
 */
public class ChatSettings {

    /** Default number of recent messages shown on entering a room. */
    public static final int DEFAULT_HISTORY = 50;
    /** Largest history a room may show. */
    public static final int MAX_HISTORY = 1000;
    /** Default wait for the history, in milliseconds. */
    public static final long DEFAULT_HISTORY_TIMEOUT_MILLIS = 5_000;

    private boolean requireLogin;
    private boolean store = true;
    private int history = DEFAULT_HISTORY;
    private long historyTimeoutMillis = DEFAULT_HISTORY_TIMEOUT_MILLIS;

    /** Creates settings with the defaults. */
    public ChatSettings() {}

    /**
     * Reads the {@code chat} section; absent keys keep their defaults. Values may be JSON numbers and booleans or
     * their string forms.
     *
     * @param json the section
     * @throws IllegalArgumentException naming the key, when a value is malformed or out of range
     */
    public ChatSettings(JsonObject json) {
        setRequireLogin(bool(json, "requireLogin", false));
        setHistory((int) number(json, "history", DEFAULT_HISTORY));
        setStore(bool(json, "store", true));
        setHistoryTimeoutMillis(number(json, "historyTimeout", DEFAULT_HISTORY_TIMEOUT_MILLIS));
    }

    /** @return these settings as the JSON {@link #ChatSettings(JsonObject)} reads */
    public JsonObject toJson() {
        return new JsonObject()
                .put("requireLogin", requireLogin)
                .put("store", store)
                .put("history", history)
                .put("historyTimeout", historyTimeoutMillis);
    }

    /** @return whether messages are stored and rooms show their history */
    public boolean isStore() {
        return store;
    }

    /**
     * Sets whether messages are stored and rooms show their history.
     *
     * @param store {@code false} for the live path only
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setStore(boolean store) {
        this.store = store;
        return this;
    }

    /** @return whether writing needs a login */
    public boolean isRequireLogin() {
        return requireLogin;
    }

    /**
     * Sets whether writing needs a login. Off, anonymous users write as {@code anonymous}, as in the tutorial.
     *
     * @param requireLogin whether writing needs a login
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setRequireLogin(boolean requireLogin) {
        this.requireLogin = requireLogin;
        return this;
    }

    /** @return how many recent messages a room shows on entry */
    public int getHistory() {
        return history;
    }

    /**
     * Sets how many recent messages a room shows on entry.
     *
     * @param history 0 to {@value #MAX_HISTORY}
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setHistory(int history) {
        if (history < 0 || history > MAX_HISTORY) {
            throw new IllegalArgumentException("chat.history must be 0 to " + MAX_HISTORY + ", was " + history);
        }
        this.history = history;
        return this;
    }

    /** @return how long a new connection waits for its history, in milliseconds */
    public long getHistoryTimeoutMillis() {
        return historyTimeoutMillis;
    }

    /**
     * Sets how long a new connection waits for its history; live messages wait with it, so keep it short.
     *
     * @param historyTimeoutMillis milliseconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setHistoryTimeoutMillis(long historyTimeoutMillis) {
        if (historyTimeoutMillis < 1) {
            throw new IllegalArgumentException("chat.historyTimeout must be > 0 ms, was " + historyTimeoutMillis);
        }
        this.historyTimeoutMillis = historyTimeoutMillis;
        return this;
    }

    private static long number(JsonObject json, String key, long fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("chat." + key + " must be a whole number, was '" + value + "'");
    }

    private static boolean bool(JsonObject json, String key, boolean fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on":
                    return true;
                case "false", "0", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("chat." + key + " must be true or false, was '" + value + "'");
    }
}
