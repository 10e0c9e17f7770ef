// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flushes that reach the socket: at once on an idle loop, one behind the queued work during a burst. */
class BurstFlushHandlerTest {

    private final DefaultEventLoopGroup loop = new DefaultEventLoopGroup(1);
    private final AtomicInteger flushes = new AtomicInteger();

    @AfterEach
    void close() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A local channel whose flushes are counted after they leave the handler. */
    private Channel channel() throws Exception {
        LocalAddress address = new LocalAddress("burst-" + UUID.randomUUID());
        new ServerBootstrap()
                .group(loop)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInboundHandlerAdapter())
                .bind(address)
                .sync();
        return new Bootstrap()
                .group(loop)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void flush(ChannelHandlerContext ctx) {
                                flushes.incrementAndGet();
                                ctx.flush();
                            }
                        });
                        ch.pipeline().addLast(new BurstFlushHandler());
                    }
                })
                .connect(address)
                .sync()
                .channel();
    }

    @Test
    void aLoneFrameOnAnIdleLoopIsFlushedAtOnce() throws Exception {
        Channel channel = channel();
        SingleThreadEventExecutor executor = (SingleThreadEventExecutor) loop.next();
        int seenInTheSameTask = -1;
        // the connection's own set-up tasks may still be queued; write once the loop has nothing else to do
        for (int attempt = 0; attempt < 100 && seenInTheSameTask < 0; attempt++) {
            seenInTheSameTask = loop.submit(() -> {
                        if (executor.pendingTasks() > 0) {
                            return -1;
                        }
                        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
                        return flushes.get();
                    })
                    .get(5, TimeUnit.SECONDS);
        }
        assertThat(seenInTheSameTask).isEqualTo(1);
    }

    @Test
    void framesAfterAnImmediateFlushInTheSameTaskLeaveInOneFlushAfterIt() throws Exception {
        Channel channel = channel();
        SingleThreadEventExecutor executor = (SingleThreadEventExecutor) loop.next();
        List<Integer> seen = List.of();
        for (int attempt = 0; attempt < 100 && seen.isEmpty(); attempt++) {
            seen = loop.submit(() -> {
                        if (executor.pendingTasks() > 0) {
                            return List.<Integer>of();
                        }
                        List<Integer> counts = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
                            counts.add(flushes.get());
                        }
                        return counts;
                    })
                    .get(5, TimeUnit.SECONDS);
        }
        int after = loop.submit(flushes::get).get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(after).isEqualTo(2);
    }

    @Test
    void framesWrittenWhileOtherTasksWaitLeaveInOneFlushBehindThem() throws Exception {
        Channel channel = channel();
        List<Integer> seen = new ArrayList<>();
        loop.submit(() -> {
                    loop.execute(() -> seen.add(flushes.get())); // queued work: the flush goes behind it
                    for (int i = 0; i < 10; i++) {
                        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
                    }
                    seen.add(flushes.get());
                })
                .get(5, TimeUnit.SECONDS);
        int after = loop.submit(flushes::get).get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly(0, 0);
        assertThat(after).isEqualTo(1);
    }
}
