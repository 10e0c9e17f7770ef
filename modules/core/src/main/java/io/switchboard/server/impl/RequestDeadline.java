// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a new connection whose first request head has not arrived within the request timeout: a client that
 * sends a byte a second (slowloris) or nothing at all cannot hold a connection. Removes itself at the first request
 * head. Sits right after the HTTP decoder; lives on the connection's event loop.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private final long timeoutMillis;
    private ScheduledFuture<?> deadline;

    RequestDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        String address = ctx.channel().remoteAddress() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        ClientWarnings.warn(
                address,
                "Connection from " + address + " sent no complete request within " + timeoutMillis
                        + " ms; closed (server.requestTimeout)");
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
