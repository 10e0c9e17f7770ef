// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Slows password guessing down. Log-in attempts are counted per username (in lower case) and per client address, both
 * those that failed and those still being checked. A key has {@code freeFailures} attempts for free; past them, each
 * further attempt must wait: one second after the last free failure, doubling with every further failure up to
 * {@code maxDelay}. Attempts being checked count as failures until they end, so a burst of parallel guesses is
 * refused before its hashes are queued: at most {@code freeFailures} attempts of one key are checked at a time, and
 * at most one once its free failures are used. A success clears the username's failures, not the address's.
 * Failures are forgotten {@code window} after the latest one.
 *
 * <p>Both tables are bounded, so a flood of made-up usernames cannot grow them: entries expire, and past
 * {@code maxEntries} the entry that failed longest ago goes. Thread-safe; every method returns at once, holding the
 * throttle's lock only for a few map updates.
 */
final class LoginThrottle {

    /** Default bound of each table. */
    static final int MAX_ENTRIES = 100_000;

    private static final long FIRST_DELAY_MILLIS = 1_000;

    private final int freeFailures;
    private final long windowMillis;
    private final long maxDelayMillis;
    private final LongSupplier clock;
    private final Keys usernames;
    private final Keys addresses;

    /**
     * Creates a throttle on the monotonic clock.
     *
     * @param settings the {@code chat} section: {@code loginFreeFailures}, {@code loginWindow}, {@code loginMaxDelay}
     */
    LoginThrottle(ChatSettings settings) {
        this(
                settings.getLoginFreeFailures(),
                Duration.ofSeconds(settings.getLoginWindow()),
                Duration.ofSeconds(settings.getLoginMaxDelay()),
                MAX_ENTRIES,
                () -> System.nanoTime() / 1_000_000);
    }

    LoginThrottle(int freeFailures, Duration window, Duration maxDelay, int maxEntries, LongSupplier clockMillis) {
        this.freeFailures = Math.max(1, freeFailures);
        this.windowMillis = window.toMillis();
        this.maxDelayMillis = maxDelay.toMillis();
        this.clock = clockMillis;
        this.usernames = new Keys(maxEntries);
        this.addresses = new Keys(maxEntries);
    }

    /**
     * Starts an attempt, or refuses it.
     *
     * @param username the username given, or {@code null}
     * @param address the client's address
     * @return the attempt; when its {@link Attempt#retryAfterSeconds()} is above 0 it was refused and needs no end
     */
    synchronized Attempt begin(String username, String address) {
        long now = clock.getAsLong();
        String name = key(username);
        long until = Math.max(addresses.admittedAt(address, now), usernames.admittedAt(name, now));
        if (until > now) {
            return new Attempt((until - now + 999) / 1000, null, null);
        }
        return new Attempt(0, name == null ? null : usernames.began(name, now), addresses.began(address, now));
    }

    /** @return entries in both tables, for tests */
    synchronized int entries() {
        return usernames.size() + addresses.size();
    }

    private static String key(String username) {
        return username == null ? null : username.toLowerCase(Locale.ROOT);
    }

    /** The wait after the {@code failures}-th failure. */
    private long delayAfter(int failures) {
        if (failures < freeFailures) {
            return 0;
        }
        int doublings = Math.min(failures - freeFailures, 30);
        return Math.min(maxDelayMillis, FIRST_DELAY_MILLIS << doublings);
    }

    /** One log-in attempt, admitted or refused. An admitted one ends exactly once, by one of its three methods. */
    final class Attempt {

        private final long retryAfterSeconds;
        private final Entry username;
        private final Entry address;
        private boolean ended;

        private Attempt(long retryAfterSeconds, Entry username, Entry address) {
            this.retryAfterSeconds = retryAfterSeconds;
            this.username = username;
            this.address = address;
        }

        /** @return 0 if the attempt may run now, else the whole seconds the client must wait */
        long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /**
         * Counts the attempt as a failure.
         *
         * @return the wait, in whole seconds, the next attempt for this username or from this address must make; 0
         *     while failures are free
         */
        long failed() {
            synchronized (LoginThrottle.this) {
                if (!end()) {
                    return 0;
                }
                long now = clock.getAsLong();
                long until = addresses.failed(address, now);
                if (username != null) {
                    until = Math.max(until, usernames.failed(username, now));
                }
                return until <= now ? 0 : (until - now + 999) / 1000;
            }
        }

        /** Ends the attempt with a log-in: the username's failures are forgotten. */
        void succeeded() {
            synchronized (LoginThrottle.this) {
                if (end()) {
                    if (username != null) {
                        username.failures = 0;
                        username.blockedUntil = 0;
                    }
                    usernames.settled(username);
                    addresses.settled(address);
                }
            }
        }

        /** Ends the attempt without a verdict on the password (the server was busy or the database failed). */
        void abandoned() {
            synchronized (LoginThrottle.this) {
                if (end()) {
                    usernames.settled(username);
                    addresses.settled(address);
                }
            }
        }

        private boolean end() {
            if (ended || retryAfterSeconds > 0) {
                return false;
            }
            ended = true;
            address.inFlight--;
            if (username != null) {
                username.inFlight--;
            }
            return true;
        }
    }

    /** One table: the keys with failures or attempts in flight, ordered by their latest change, oldest first. */
    private final class Keys {

        private final int maxEntries;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        Keys(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        /** @return when the key may start another attempt; at or before {@code now} if at once */
        long admittedAt(String key, long now) {
            Entry entry = key == null ? null : entries.get(key);
            if (entry == null || entry.expired(now)) {
                return now;
            }
            if (entry.inFlight >= Math.max(1, freeFailures - entry.failures)) {
                // the attempts being checked may all fail: wait for their verdict
                return Math.max(entry.blockedUntil, now + FIRST_DELAY_MILLIS);
            }
            return entry.blockedUntil;
        }

        Entry began(String key, long now) {
            Entry entry = entries.remove(key);
            if (entry == null || entry.expired(now)) {
                entry = new Entry(key);
            }
            entry.inFlight++;
            // re-inserted at the tail: the map stays ordered by the latest change
            entries.put(key, entry);
            trim(now);
            return entry;
        }

        long failed(Entry entry, long now) {
            entry.failures++;
            entry.lastFailure = now;
            entry.blockedUntil = now + delayAfter(entry.failures);
            return entry.blockedUntil;
        }

        /** Forgets an entry left with nothing to remember. */
        void settled(Entry entry) {
            if (entry != null && entry.failures == 0 && entry.inFlight == 0) {
                entries.remove(entry.key, entry);
            }
        }

        int size() {
            return entries.size();
        }

        private void trim(long now) {
            Iterator<Entry> oldestFirst = entries.values().iterator();
            int size = entries.size();
            while (oldestFirst.hasNext()) {
                Entry oldest = oldestFirst.next();
                if (size <= maxEntries && !oldest.expired(now)) {
                    return;
                }
                oldestFirst.remove();
                size--;
            }
        }
    }

    private final class Entry {
        final String key;
        int failures;
        int inFlight;
        long lastFailure;
        long blockedUntil;

        Entry(String key) {
            this.key = key;
        }

        boolean expired(long now) {
            return inFlight == 0 && (failures == 0 || now - lastFailure >= windowMillis && now >= blockedUntil);
        }
    }
}
