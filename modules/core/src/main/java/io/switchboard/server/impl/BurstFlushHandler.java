// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.switchboard.internal.VertxInternals;

/**
 * Flushes a WebSocket's first frame of a task at once when its event loop has nothing else queued, and every other
 * frame behind the queued work.
 *
 * <p>Vert.x flushes every write made on the event loop outside a read: one system call per frame. A group message
 * reaches each member in its own task, and a mailbox drain writes many frames to one socket in one task, so during a
 * burst a busy socket would pay a write per message. While other tasks wait, the flush is deferred to a task queued
 * behind them, and the frames they add leave in one gathering write, as when Vert.x drains writes queued from another
 * thread. A lone reply (an echo) still goes out at once, without the latency that an always-deferred flush (Netty's
 * FlushConsolidationHandler) costs; the same task is then queued so that the frames written after it in the same
 * task wait for it and leave together. Flushes during a read are left to the read's end, as before. Lives on the
 * socket's event loop.
 */
final class BurstFlushHandler extends ChannelDuplexHandler implements Runnable {

    private ChannelHandlerContext ctx;
    private boolean flushPending;
    private boolean flushScheduled;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (flushScheduled) {
            flushPending = true;
            return;
        }
        EventLoop loop = ctx.channel().eventLoop();
        boolean idle = !VertxInternals.hasQueuedTasks(loop);
        flushPending = !idle;
        flushScheduled = true;
        loop.execute(this);
        if (idle) {
            ctx.flush();
        }
    }

    /** The queued flush (the handler is its own task: one object less per connection). */
    @Override
    public void run() {
        flushScheduled = false;
        flushIfPending();
    }

    private void flushIfPending() {
        if (flushPending) {
            flushPending = false;
            ctx.flush();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushIfPending();
        ctx.close(promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushIfPending();
        ctx.disconnect(promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // a socket that became unwritable needs its pending frames on the wire to drain
        flushIfPending();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        flushIfPending();
    }
}
