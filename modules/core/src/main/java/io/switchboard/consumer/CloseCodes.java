// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

/** The WebSocket close codes Switchboard uses, with the snake_case reasons it sends (RFC 6455 section 7.4.1). */
public final class CloseCodes {

    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The server is going away (shutdown, drain) or the peer went idle. */
    public static final int GOING_AWAY = 1001;
    /** No close frame arrived: the connection dropped. */
    public static final int ABNORMAL = 1006;
    /** A message was larger than the configured maximum; reason {@code message_too_large}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** A handler failed, or a layer message had no handler; reason {@code internal_error} or {@code unknown_type}. */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {}
}
