// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The metadata the load generator puts inside a chat message's text, and the allocation-free reader for the frames
 * the server broadcasts back.
 *
 * <p>Texts: {@code ~<sender>.<seq>.<sentNanos>} for a measured message (optionally followed by {@code .} and
 * padding), {@code ~p<room>} for a readiness probe, {@code ~w<sender>} for a warm-up message. Numbers are decimal,
 * send times are nanoseconds since the run's epoch. None of these characters needs JSON escaping, so the frame is
 * {@code {"message": "<text>"}} built by concatenation; the reader finds the {@code "message"} key in whatever
 * object the server sends and ignores every other key.
 */
public final class MessageCodec {

    private static final byte[] KEY = {'"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"'};

    private MessageCodec() {}

    /**
     * The text of a measured message.
     *
     * @param sender  the sender's member id, >= 0
     * @param seq  the sender's sequence number, >= 0
     * @param sentNanos  send time since the run's epoch, >= 0
     * @param size  pad the text with {@code x} to this many characters; 0 for no padding
     * @return the text
     */
    public static String data(int sender, int seq, long sentNanos, int size) {
        if (sender < 0 || seq < 0 || sentNanos < 0) {
            throw new IllegalArgumentException(
                    "sender, seq and sentNanos must be >= 0, were " + sender + ", " + seq + ", " + sentNanos);
        }
        StringBuilder sb = new StringBuilder(Math.max(32, size + 1));
        sb.append('~').append(sender).append('.').append(seq).append('.').append(sentNanos);
        if (sb.length() < size) {
            sb.append('.');
            while (sb.length() < size) {
                sb.append('x');
            }
        }
        return sb.toString();
    }

    /** @return the text of a readiness probe for room index {@code room} */
    public static String probe(int room) {
        return "~p" + room;
    }

    /** @return the text of a warm-up message from member {@code sender} */
    public static String warmup(int sender) {
        return "~w" + sender;
    }

    /** @return the client frame {@code {"message":"<text>"}} for a text made by this codec */
    public static String frame(String text) {
        return "{\"message\":\"" + text + "\"}";
    }

    private static final byte[] ERROR_PREFIX = "{\"error\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether a frame reports an error: a JSON object whose first key is {@code error}, as the chat's
     * {@code {"error": "not_saved", "id": ...}} for a message it broadcast but did not store.
     *
     * @param frame a text frame's UTF-8 bytes
     * @return whether it starts with {@code {"error"}
     */
    public static boolean isError(Buffer frame) {
        if (frame.length() < ERROR_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < ERROR_PREFIX.length; i++) {
            if (frame.getByte(i) != ERROR_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a frame the server sent.
     *
     * @param frame  the frame's payload (a JSON object)
     * @param out  filled in; {@code out.kind()} is {@link MessageMeta#FOREIGN} when the frame is not ours
     * @return {@code out.kind() != FOREIGN}
     */
    public static boolean decode(Buffer frame, MessageMeta out) {
        out.kind = MessageMeta.FOREIGN;
        int start = valueStart(frame);
        if (start < 0 || start + 1 >= frame.length() || frame.getByte(start) != '~') {
            return false;
        }
        int len = frame.length();
        int i = start + 1;
        byte b = frame.getByte(i);
        if (b == 'p' || b == 'w') {
            long n = 0;
            int digits = 0;
            for (i++; i < len && isDigit(frame.getByte(i)); i++, digits++) {
                n = n * 10 + (frame.getByte(i) - '0');
            }
            if (digits == 0 || digits > 9 || i >= len || frame.getByte(i) != '"') {
                return false;
            }
            out.sender = (int) n;
            out.kind = b == 'p' ? MessageMeta.PROBE : MessageMeta.WARMUP;
            return true;
        }
        long sender = 0;
        long seq = 0;
        long sent = 0;
        int field = 0;
        int digits = 0;
        for (; i < len; i++) {
            b = frame.getByte(i);
            if (isDigit(b)) {
                if (++digits > 18) {
                    return false;
                }
                int d = b - '0';
                if (field == 0) {
                    sender = sender * 10 + d;
                } else if (field == 1) {
                    seq = seq * 10 + d;
                } else {
                    sent = sent * 10 + d;
                }
            } else if (digits > 0 && field == 2 && (b == '"' || b == '.')) {
                break;
            } else if (b == '.' && digits > 0 && field < 2) {
                field++;
                digits = 0;
            } else {
                return false;
            }
        }
        if (i >= len || sender > Integer.MAX_VALUE || seq > Integer.MAX_VALUE) {
            return false;
        }
        out.sender = (int) sender;
        out.seq = (int) seq;
        out.sentNanos = sent;
        out.kind = MessageMeta.DATA;
        return true;
    }

    /** Index of the first character inside the string value of the {@code "message"} key, or -1. */
    static int valueStart(Buffer frame) {
        int len = frame.length();
        int from = 0;
        while (true) {
            int at = indexOfKey(frame, from);
            if (at < 0) {
                return -1;
            }
            int i = skipSpace(frame, at + KEY.length);
            if (i < len && frame.getByte(i) == ':') {
                i = skipSpace(frame, i + 1);
                return i < len && frame.getByte(i) == '"' ? i + 1 : -1;
            }
            // "message" appeared as a value, not as a key: keep looking
            from = at + 1;
        }
    }

    private static int indexOfKey(Buffer frame, int from) {
        int last = frame.length() - KEY.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (frame.getByte(i + k) != KEY[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int skipSpace(Buffer frame, int i) {
        int len = frame.length();
        while (i < len) {
            byte b = frame.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
