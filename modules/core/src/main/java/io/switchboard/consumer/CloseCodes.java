// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

/** The WebSocket close codes Switchboard uses, with the snake_case reasons it sends (RFC 6455 section 7.4.1). */
public final class CloseCodes {

    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The server is going away (shutdown, drain) or the peer went idle. */
    public static final int GOING_AWAY = 1001;
    /** The client broke the protocol (unnegotiated RSV bits, an unknown opcode...); reason {@code protocol_error}. */
    public static final int PROTOCOL_ERROR = 1002;
    /** No close frame arrived: the connection dropped. */
    public static final int ABNORMAL = 1006;
    /** A text message was not valid UTF-8; reason {@code invalid_utf8}. */
    public static final int INVALID_PAYLOAD = 1007;
    /** The client went on over its inbound rate limit after an error frame; reason {@code rate_limited}. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message was larger than the configured maximum; reason {@code message_too_large}. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** A handler failed, or a layer message had no handler; reason {@code internal_error} or {@code unknown_type}. */
    public static final int INTERNAL_ERROR = 1011;
    /**
     * The server is restarting: it closes its sockets a batch at a time while it stops, and the client should
     * reconnect, to another server behind the same address; reason {@code service_restart}.
     */
    public static final int SERVICE_RESTART = 1012;
    /**
     * The server cannot serve the connection for now and the client should reconnect after a pause, for example a
     * group's history could not be read to fill a gap; reason {@code history_unavailable}.
     */
    public static final int TRY_AGAIN_LATER = 1013;
    /**
     * More than the outbound budget waited for the client: it reads too slowly; reason {@code too_slow}. The client
     * may reconnect at once.
     */
    public static final int TOO_SLOW = 4000;
    /** The connection's session was logged out or expired, on any node; reason {@code session_ended}. */
    public static final int SESSION_ENDED = 4001;

    private CloseCodes() {}
}
