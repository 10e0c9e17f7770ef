// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static io.switchboard.config.ConfigKey.Type.BOOLEAN;
import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.LONG;

import io.switchboard.config.ConfigKeys;
import io.switchboard.layer.HistoryPolicy;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * The chat's own settings, read from the configuration's {@code chat} section; {@link #KEYS} lists the keys with
 * their environment variables, which {@link ChatApplication#configKeys()} hands to the launcher.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code requireLogin}</td><td>false</td>
 *       <td>writing needs a login; anonymous users still read</td></tr>
 *   <tr><td>{@code history}</td><td>{@value #DEFAULT_HISTORY}</td>
 *       <td>recent messages a room shows on entry, 0 for none</td></tr>
 *   <tr><td>{@code historyTimeout}</td>
 *       <td>{@value #DEFAULT_HISTORY_TIMEOUT_MILLIS}</td>
 *       <td>milliseconds a new connection waits for its history before it goes live without it</td></tr>
 *   <tr><td>{@code store}</td><td>true</td>
 *       <td>store messages and show history; false leaves only the live path, for load tests of it</td></tr>
 *   <tr><td>{@code sessionTimeout}</td>
 *       <td>{@value #DEFAULT_SESSION_TIMEOUT}</td>
 *       <td>seconds a session lives after its last use, and the session cookie's age; its sockets close when it
 *       ends</td></tr>
 *   <tr><td>{@code secureCookie}</td><td>whether TLS is on</td>
 *       <td>the session cookie is sent over HTTPS only</td></tr>
 *   <tr><td>{@code loginFreeFailures}</td>
 *       <td>{@value #DEFAULT_LOGIN_FREE_FAILURES}</td>
 *       <td>failed log-ins per username and per address before each further attempt waits</td></tr>
 *   <tr><td>{@code loginWindow}</td>
 *       <td>{@value #DEFAULT_LOGIN_WINDOW}</td><td>seconds failures are remembered after the latest one</td></tr>
 *   <tr><td>{@code loginMaxDelay}</td>
 *       <td>{@value #DEFAULT_LOGIN_MAX_DELAY}</td>
 *       <td>longest wait, in seconds, the doubling delay between throttled log-in attempts reaches</td></tr>
 *   <tr><td>{@code hashingQueue}</td>
 *       <td>{@value #DEFAULT_HASHING_QUEUE}</td>
 *       <td>password hashes that may wait for a hashing thread; past it sign-up and log-in answer 503</td></tr>
 *   <tr><td>{@code retainCount}</td>
 *       <td>{@value #DEFAULT_RETAIN_COUNT}</td><td>messages kept per room, 0 for no limit</td></tr>
 *   <tr><td>{@code retainAge}</td><td>{@value #DEFAULT_RETAIN_AGE}</td>
 *       <td>seconds a message is kept, 0 for ever</td></tr>
 *   <tr><td>{@code recoverySize}</td><td>{@value #DEFAULT_RECOVERY_SIZE}</td>
 *       <td>latest messages of each room the channel layer keeps, so a client back from a lost connection gets
 *       exactly what it missed; 0 turns recovery off</td></tr>
 *   <tr><td>{@code recoveryTtl}</td><td>{@value #DEFAULT_RECOVERY_TTL}</td>
 *       <td>seconds the channel layer keeps each of them</td></tr>
 *   <tr><td>{@code writeBatch}</td><td>{@value #DEFAULT_WRITE_BATCH}</td>
 *       <td>most messages stored in one transaction</td></tr>
 *   <tr><td>{@code writeDelay}</td><td>{@value #DEFAULT_WRITE_DELAY}</td>
 *       <td>milliseconds a message waits for others to share its transaction; 0 writes at once</td></tr>
 *   <tr><td>{@code writeQueue}</td><td>{@value #DEFAULT_WRITE_QUEUE}</td>
 *       <td>messages waiting to be stored before more are refused (the sender gets {@code not_saved})</td></tr>
 * </table>
 */
@DataObject
@JsonGen(publicConverter = false)
public class ChatSettings {

    /** The keys of the {@code chat} section and their environment variables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("chat")
            .key("requireLogin", BOOLEAN, "SWITCHBOARD_CHAT_REQUIRE_LOGIN")
            .key("history", INT, "SWITCHBOARD_CHAT_HISTORY")
            .key("store", BOOLEAN, "SWITCHBOARD_CHAT_STORE")
            .key("historyTimeout", LONG, "SWITCHBOARD_CHAT_HISTORY_TIMEOUT")
            .property("historyTimeoutMillis")
            .key("sessionTimeout", INT, "SWITCHBOARD_CHAT_SESSION_TIMEOUT")
            .key("secureCookie", BOOLEAN, "SWITCHBOARD_CHAT_SECURE_COOKIE")
            .key("loginFreeFailures", INT, "SWITCHBOARD_CHAT_LOGIN_FREE_FAILURES")
            .key("loginWindow", INT, "SWITCHBOARD_CHAT_LOGIN_WINDOW")
            .key("loginMaxDelay", INT, "SWITCHBOARD_CHAT_LOGIN_MAX_DELAY")
            .key("hashingQueue", INT, "SWITCHBOARD_CHAT_HASHING_QUEUE")
            .key("retainCount", INT, "SWITCHBOARD_CHAT_RETAIN_COUNT")
            .key("retainAge", INT, "SWITCHBOARD_CHAT_RETAIN_AGE")
            .key("recoverySize", INT, "SWITCHBOARD_CHAT_RECOVERY_SIZE")
            .key("recoveryTtl", INT, "SWITCHBOARD_CHAT_RECOVERY_TTL")
            .key("writeBatch", INT, "SWITCHBOARD_CHAT_WRITE_BATCH")
            .key("writeDelay", INT, "SWITCHBOARD_CHAT_WRITE_DELAY")
            .key("writeQueue", INT, "SWITCHBOARD_CHAT_WRITE_QUEUE");

    /** Default number of each room's latest messages kept for clients that reconnect. */
    public static final int DEFAULT_RECOVERY_SIZE = 1_000;
    /** Default seconds each of them is kept: ten minutes. */
    public static final int DEFAULT_RECOVERY_TTL = 600;
    /** Default most messages per transaction. */
    public static final int DEFAULT_WRITE_BATCH = 2_000;
    /** Default milliseconds a message waits for others to share its transaction. */
    public static final int DEFAULT_WRITE_DELAY = 5;
    /** Default messages waiting to be stored. */
    public static final int DEFAULT_WRITE_QUEUE = 50_000;
    /** Default number of recent messages shown on entering a room. */
    public static final int DEFAULT_HISTORY = 50;
    /** Largest history a room may show. */
    public static final int MAX_HISTORY = 1000;
    /** Default wait for the history, in milliseconds. */
    public static final long DEFAULT_HISTORY_TIMEOUT_MILLIS = 5_000;
    /** Default session lifetime after its last use, in seconds: two weeks, Django's {@code SESSION_COOKIE_AGE}. */
    public static final int DEFAULT_SESSION_TIMEOUT = 1_209_600;
    /** Default failed log-ins per username and per address that cost no wait. */
    public static final int DEFAULT_LOGIN_FREE_FAILURES = 5;
    /** Default time failed log-ins are remembered after the latest one, in seconds. */
    public static final int DEFAULT_LOGIN_WINDOW = 900;
    /** Default cap of the wait between throttled log-in attempts, in seconds. */
    public static final int DEFAULT_LOGIN_MAX_DELAY = 60;
    /** Default number of password hashes that may wait for a hashing thread. */
    public static final int DEFAULT_HASHING_QUEUE = 32;
    /** Default number of messages kept per room. */
    public static final int DEFAULT_RETAIN_COUNT = 10_000;
    /** Default age past which messages are deleted, in seconds: 30 days. */
    public static final int DEFAULT_RETAIN_AGE = 2_592_000;

    private boolean requireLogin;
    private boolean store = true;
    private int history = DEFAULT_HISTORY;
    private long historyTimeoutMillis = DEFAULT_HISTORY_TIMEOUT_MILLIS;
    private int sessionTimeout = DEFAULT_SESSION_TIMEOUT;
    // null: follow the server, secure exactly when it runs TLS
    private Boolean secureCookie;
    private int loginFreeFailures = DEFAULT_LOGIN_FREE_FAILURES;
    private int loginWindow = DEFAULT_LOGIN_WINDOW;
    private int loginMaxDelay = DEFAULT_LOGIN_MAX_DELAY;
    private int hashingQueue = DEFAULT_HASHING_QUEUE;
    private int retainCount = DEFAULT_RETAIN_COUNT;
    private int retainAge = DEFAULT_RETAIN_AGE;
    private int recoverySize = DEFAULT_RECOVERY_SIZE;
    private int recoveryTtl = DEFAULT_RECOVERY_TTL;
    private int writeBatch = DEFAULT_WRITE_BATCH;
    private int writeDelay = DEFAULT_WRITE_DELAY;
    private int writeQueue = DEFAULT_WRITE_QUEUE;

    /** Creates settings with the defaults. */
    public ChatSettings() {}

    /**
     * Reads the {@code chat} section; absent keys keep their defaults. Values may be JSON numbers and booleans or
     * their text.
     *
     * @param json the section
     * @throws IllegalArgumentException naming the key, when a value is malformed or out of range
     */
    public ChatSettings(JsonObject json) {
        ChatSettingsConverter.fromJson(KEYS.read(json), this);
    }

    /** @return these settings as the JSON {@link #ChatSettings(JsonObject)} reads */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        ChatSettingsConverter.toJson(this, json);
        return KEYS.write(json);
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

    /** @return seconds a session lives after its last use */
    public int getSessionTimeout() {
        return sessionTimeout;
    }

    /**
     * Sets how long a session lives after its last use; it is also the session cookie's {@code Max-Age}, so a
     * log-in outlives the browser, as Django's does. Open sockets of a session close when it ends, so keep it long.
     *
     * @param sessionTimeout seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setSessionTimeout(int sessionTimeout) {
        this.sessionTimeout = atLeast("sessionTimeout", sessionTimeout, 1);
        return this;
    }

    /** @return whether the session cookie is HTTPS-only, or {@code null} to follow whether the server runs TLS */
    public Boolean getSecureCookie() {
        return secureCookie;
    }

    /**
     * Sets whether the session cookie carries {@code Secure}. Set it to {@code true} behind a proxy that ends TLS.
     *
     * @param secureCookie {@code true} or {@code false}, or {@code null} for the default: secure when TLS is on
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setSecureCookie(Boolean secureCookie) {
        this.secureCookie = secureCookie;
        return this;
    }

    /**
     * Whether the session cookie carries {@code Secure}.
     *
     * @param tls whether the server runs TLS
     * @return the setting, or {@code tls} when it is not set
     */
    public boolean isSecureCookie(boolean tls) {
        return secureCookie == null ? tls : secureCookie;
    }

    /** @return failed log-ins per username and per address before each further attempt waits */
    public int getLoginFreeFailures() {
        return loginFreeFailures;
    }

    /**
     * Sets how many failed log-ins a username, and a client address, may have before each further attempt waits:
     * 1 s after the last free failure, doubling with each failure up to {@link #getLoginMaxDelay()}.
     *
     * @param loginFreeFailures at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setLoginFreeFailures(int loginFreeFailures) {
        this.loginFreeFailures = atLeast("loginFreeFailures", loginFreeFailures, 1);
        return this;
    }

    /** @return seconds failed log-ins are remembered after the latest one */
    public int getLoginWindow() {
        return loginWindow;
    }

    /**
     * Sets how long failed log-ins count: a username or address that has not failed for this long starts afresh.
     *
     * @param loginWindow seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setLoginWindow(int loginWindow) {
        this.loginWindow = atLeast("loginWindow", loginWindow, 1);
        return this;
    }

    /** @return the longest wait between throttled log-in attempts, in seconds */
    public int getLoginMaxDelay() {
        return loginMaxDelay;
    }

    /**
     * Sets the cap of the doubling wait between throttled log-in attempts.
     *
     * @param loginMaxDelay seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setLoginMaxDelay(int loginMaxDelay) {
        this.loginMaxDelay = atLeast("loginMaxDelay", loginMaxDelay, 1);
        return this;
    }

    /** @return how many password hashes may wait for a hashing thread */
    public int getHashingQueue() {
        return hashingQueue;
    }

    /**
     * Sets how many password hashes may wait for a hashing thread. Each takes tens of milliseconds, so the queue
     * bounds how long a log-in can wait behind a flood; past it, sign-up and log-in answer 503 {@code busy} at once.
     *
     * @param hashingQueue 0 or more
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setHashingQueue(int hashingQueue) {
        this.hashingQueue = atLeast("hashingQueue", hashingQueue, 0);
        return this;
    }

    /** @return messages kept per room, 0 for no limit */
    public int getRetainCount() {
        return retainCount;
    }

    /**
     * Sets how many messages each room keeps; older ones are deleted within a minute or so.
     *
     * @param retainCount 0 for no limit, or the number of newest messages kept
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setRetainCount(int retainCount) {
        this.retainCount = atLeast("retainCount", retainCount, 0);
        return this;
    }

    /** @return seconds a message is kept, 0 for ever */
    public int getRetainAge() {
        return retainAge;
    }

    /**
     * Sets how long messages are kept; older ones are deleted within a minute or so, and so is a room row left
     * without messages.
     *
     * @param retainAge seconds, 0 to keep messages for ever
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setRetainAge(int retainAge) {
        this.retainAge = atLeast("retainAge", retainAge, 0);
        return this;
    }

    /** @return latest messages of each room kept for clients that reconnect; 0 when recovery is off */
    public int getRecoverySize() {
        return recoverySize;
    }

    /**
     * Sets how many of each room's latest messages the channel layer keeps, so that a client that lost its
     * connection gets exactly what it missed when it comes back.
     *
     * @param recoverySize messages, 0 to turn recovery off (a client that comes back reloads the room's history)
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setRecoverySize(int recoverySize) {
        if (recoverySize > HistoryPolicy.MAX_SIZE) {
            throw new IllegalArgumentException(
                    "chat.recoverySize must be <= " + HistoryPolicy.MAX_SIZE + ", was " + recoverySize);
        }
        this.recoverySize = atLeast("recoverySize", recoverySize, 0);
        return this;
    }

    /** @return seconds each kept message stays recoverable */
    public int getRecoveryTtl() {
        return recoveryTtl;
    }

    /**
     * Sets how long each kept message stays recoverable.
     *
     * @param recoveryTtl seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setRecoveryTtl(int recoveryTtl) {
        this.recoveryTtl = atLeast("recoveryTtl", recoveryTtl, 1);
        return this;
    }

    /** @return most messages stored in one transaction */
    public int getWriteBatch() {
        return writeBatch;
    }

    /**
     * Sets the most messages stored in one transaction.
     *
     * @param writeBatch at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setWriteBatch(int writeBatch) {
        this.writeBatch = atLeast("writeBatch", writeBatch, 1);
        return this;
    }

    /** @return milliseconds a message waits for others to share its transaction */
    public int getWriteDelay() {
        return writeDelay;
    }

    /**
     * Sets how long a message waits for others to share its transaction; a full batch is written at once.
     *
     * @param writeDelay milliseconds, at least 0
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setWriteDelay(int writeDelay) {
        this.writeDelay = atLeast("writeDelay", writeDelay, 0);
        return this;
    }

    /** @return messages waiting to be stored before more are refused */
    public int getWriteQueue() {
        return writeQueue;
    }

    /**
     * Sets how many messages may wait to be stored; beyond, a message is broadcast but not stored, and its sender
     * gets {@code not_saved}.
     *
     * @param writeQueue at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChatSettings setWriteQueue(int writeQueue) {
        this.writeQueue = atLeast("writeQueue", writeQueue, 1);
        return this;
    }

    /** @return how the rooms keep their recent messages in the channel layer, or {@code null} when recovery is off */
    HistoryPolicy recoveryPolicy() {
        return recoverySize == 0 ? null : new HistoryPolicy(recoverySize, recoveryTtl);
    }

    private static int atLeast(String key, int value, int least) {
        if (value < least) {
            String bound = least == 1 ? "> 0" : ">= " + least;
            throw new IllegalArgumentException("chat." + key + " must be " + bound + ", was " + value);
        }
        return value;
    }
}
