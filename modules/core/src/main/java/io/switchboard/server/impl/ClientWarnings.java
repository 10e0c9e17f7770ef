// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WARN line per client mistake, never a stack trace, and few of them: at most one line a second per client
 * address and {@value #LINES_PER_SECOND} a second in all, so a client cannot flood the log. Lines held back are
 * counted in the next line that is written. Any thread.
 */
public final class ClientWarnings {

    // a category of its own, so that operators can quiet client mistakes apart from server trouble
    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.clients");
    private static final int LINES_PER_SECOND = 20;
    /** Addresses remembered; past it the table starts over, which lets one extra line through per address. */
    private static final int ADDRESSES = 10_000;

    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_LINE = 300;

    private static final ConcurrentHashMap<String, Long> lastLine = new ConcurrentHashMap<>();
    private static final AtomicLong suppressed = new AtomicLong();
    private static long windowStart;
    private static int linesInWindow;

    private ClientWarnings() {}

    /**
     * Logs what a client did wrong, unless this address or the log has had its share.
     *
     * @param address the client's address
     * @param line one line: what happened and what was answered
     */
    public static void warn(String address, String line) {
        long now = System.nanoTime();
        Long last = lastLine.get(address);
        if ((last != null && now - last < SECOND) || !globalShare(now)) {
            suppressed.incrementAndGet();
            return;
        }
        if (lastLine.size() >= ADDRESSES) {
            lastLine.clear();
        }
        lastLine.put(address, now);
        long held = suppressed.getAndSet(0);
        String text = printable(line);
        if (held == 0) {
            LOG.warn(text);
        } else {
            LOG.warn("{} ({} similar lines held back)", text, held);
        }
    }

    /** Clients choose some of the text (an origin, a path): no control characters, no line breaks, and short. */
    private static String printable(String line) {
        StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_LINE));
        for (int i = 0; i < line.length() && out.length() < MAX_LINE; i++) {
            char c = line.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.length() < line.length() ? out.append("...").toString() : out.toString();
    }

    private static synchronized boolean globalShare(long now) {
        if (now - windowStart >= SECOND) {
            windowStart = now;
            linesInWindow = 0;
        }
        return ++linesInWindow <= LINES_PER_SECOND;
    }
}
