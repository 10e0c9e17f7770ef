// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.consumer.CloseCodes;

/**
 * Guards one WebSocket's channel, just in front of Vert.x's handler, where frames arrive decoded and inflated.
 *
 * <ul>
 *   <li>Protocol errors become a close frame with their code: the frame decoder's (bad opcode, unmasked frame),
 *       the UTF-8 validator's (1007), the inflater's cap (1009), and RSV bits that no extension took (1002).
 *       Vert.x would drop the TCP connection without one.
 *   <li>The outbound budget: Netty's outbound buffer holds everything queued for the socket, frames and the pongs
 *       Vert.x writes on its own; past the budget the socket is closed as too slow.
 *   <li>TCP backpressure: while the buffer is above Netty's high-water mark the channel stops reading, so a client
 *       that does not read cannot make the server queue (pings answered with pongs included).
 * </ul>
 *
 * <p>Writability changes are not passed on: Vert.x would then hold writes in a queue of its own, unbounded and out
 * of the budget's sight. Lives on the socket's event loop.
 */
final class WebSocketGuard extends ChannelDuplexHandler {

    /** Told once, on the event loop, when the socket must close. */
    interface Violations {
        /**
         * @param code the close code to send
         * @param reason its snake_case reason
         */
        void violated(int code, String reason);
    }

    private final long budget;
    private final Violations violations;
    private boolean violated;

    WebSocketGuard(long budget, Violations violations) {
        this.budget = budget;
        this.violations = violations;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (violated && !(msg instanceof CloseWebSocketFrame)) {
            ReferenceCountUtil.release(msg); // the socket is closing: only the client's close reply matters
            return;
        }
        if (msg instanceof WebSocketFrame frame && frame.rsv() != 0) {
            // an extension in front of us clears the bits it handles; any left were never negotiated
            ReferenceCountUtil.release(msg);
            violate(CloseCodes.PROTOCOL_ERROR, "protocol_error");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            int code = corrupted.closeStatus().code();
            violate(code, reasonOf(code));
        } else if (cause instanceof DecompressionException
                || (cause instanceof DecoderException && cause.getCause() instanceof DecompressionException)) {
            violate(CloseCodes.MESSAGE_TOO_BIG, "message_too_large");
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static String reasonOf(int code) {
        return switch (code) {
            case CloseCodes.INVALID_PAYLOAD -> "invalid_utf8";
            case CloseCodes.MESSAGE_TOO_BIG -> "message_too_large";
            default -> "protocol_error";
        };
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        ChannelOutboundBuffer queued = ctx.channel().unsafe().outboundBuffer();
        if (!violated && queued != null && queued.totalPendingWriteBytes() > budget) {
            violate(CloseCodes.TOO_SLOW, "too_slow");
        }
    }

    private void violate(int code, String reason) {
        if (!violated) {
            violated = true;
            violations.violated(code, reason);
        }
    }
}
