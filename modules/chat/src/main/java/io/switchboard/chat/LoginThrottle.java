// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Slows password guessing down. Failed log-ins are counted per username (in lower case) and per client address.
 * After {@code freeFailures} of them, each further attempt for that username, or from that address, must wait: one
 * second after the last free failure, doubling with every further failure up to {@code maxDelay}. A success clears
 * the username's count, not the address's. Failures are forgotten {@code window} after the latest one.
 *
 * <p>Both tables are bounded, so a flood of made-up usernames cannot grow them: entries expire, and past
 * {@code maxEntries} the entry that failed longest ago goes. Thread-safe; every method returns at once, holding a
 * lock only for a map update.
 */
final class LoginThrottle {

    /** Default bound of each table. */
    static final int MAX_ENTRIES = 100_000;

    private static final long FIRST_DELAY_MILLIS = 1_000;

    private final int freeFailures;
    private final long windowMillis;
    private final long maxDelayMillis;
    private final LongSupplier clock;
    private final Failures usernames;
    private final Failures addresses;

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
        this.freeFailures = freeFailures;
        this.windowMillis = window.toMillis();
        this.maxDelayMillis = maxDelay.toMillis();
        this.clock = clockMillis;
        this.usernames = new Failures(maxEntries);
        this.addresses = new Failures(maxEntries);
    }

    /**
     * How long an attempt must wait.
     *
     * @param username the username given, or {@code null}
     * @param address the client's address
     * @return whole seconds until an attempt for this username from this address may run, 0 if it may run now
     */
    long retryAfterSeconds(String username, String address) {
        long now = clock.getAsLong();
        long until = Math.max(addresses.blockedUntil(address, now), usernames.blockedUntil(key(username), now));
        return until <= now ? 0 : (until - now + 999) / 1000;
    }

    /**
     * Counts a failed attempt.
     *
     * @param username the username given, or {@code null}
     * @param address the client's address
     * @return the wait, in whole seconds, the next attempt for this username or from this address must make; 0 while
     *     failures are free
     */
    long failed(String username, String address) {
        long now = clock.getAsLong();
        long until = addresses.failed(address, now);
        String key = key(username);
        if (key != null) {
            until = Math.max(until, usernames.failed(key, now));
        }
        return until <= now ? 0 : (until - now + 999) / 1000;
    }

    /**
     * Clears a username's failures after a successful log-in.
     *
     * @param username the username given
     */
    void succeeded(String username) {
        String key = key(username);
        if (key != null) {
            usernames.clear(key);
        }
    }

    /** @return entries in both tables, for tests */
    int entries() {
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

    /** One table: failures of a key, ordered by the latest failure, oldest first. */
    private final class Failures {

        private final int maxEntries;
        private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

        Failures(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        synchronized long blockedUntil(String key, long now) {
            Entry entry = key == null ? null : entries.get(key);
            return entry == null || entry.expired(now) ? 0 : entry.blockedUntil;
        }

        synchronized long failed(String key, long now) {
            Entry entry = entries.remove(key);
            if (entry == null || entry.expired(now)) {
                entry = new Entry();
            }
            entry.failures++;
            entry.lastFailure = now;
            entry.blockedUntil = now + delayAfter(entry.failures);
            // re-inserted at the tail: the map stays ordered by the latest failure
            entries.put(key, entry);
            trim(now);
            return entry.blockedUntil;
        }

        synchronized void clear(String key) {
            entries.remove(key);
        }

        synchronized int size() {
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
        int failures;
        long lastFailure;
        long blockedUntil;

        boolean expired(long now) {
            return now - lastFailure >= windowMillis && now >= blockedUntil;
        }
    }
}
