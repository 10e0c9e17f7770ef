// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.LayerStats;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GroupStreamsTest {

    /** The memory layer, whose first read of a group's position answers only when the test says. */
    private static final class SlowFirstRead implements ChannelLayer {
        final ChannelLayer layer;
        final Promise<Void> answer = Promise.promise();

        SlowFirstRead(Vertx vertx) {
            layer = ChannelLayer.memory(vertx, new ChannelLayerOptions().putGroupHistory("room*", 10, 60));
        }

        @Override
        public Future<HistoryRead> groupHistory(String group, StreamPosition since) {
            return since == null
                    ? answer.future().compose(v -> layer.groupHistory(group, null))
                    : layer.groupHistory(group, since);
        }

        @Override
        public Future<Void> keepHistory(String glob, HistoryPolicy policy) {
            return layer.keepHistory(glob, policy);
        }

        @Override
        public Future<Void> send(String channel, JsonObject message) {
            return layer.send(channel, message);
        }

        @Override
        public Future<JsonObject> receive(String channel) {
            return layer.receive(channel);
        }

        @Override
        public Future<String> newChannel(String prefix) {
            return layer.newChannel(prefix);
        }

        @Override
        public Future<Subscription> subscribe(String channel, Handler<JsonObject> handler) {
            return layer.subscribe(channel, handler);
        }

        @Override
        public Future<Void> groupAdd(String group, String channel) {
            return layer.groupAdd(group, channel);
        }

        @Override
        public Future<Void> groupDiscard(String group, String channel) {
            return layer.groupDiscard(group, channel);
        }

        @Override
        public Future<Void> groupSend(String group, JsonObject message) {
            return layer.groupSend(group, message);
        }

        @Override
        public Future<Void> flush() {
            return layer.flush();
        }

        @Override
        public LayerStats stats() {
            return layer.stats();
        }

        @Override
        public Future<Void> close() {
            return layer.close();
        }
    }

    private static final GroupStreams.Sink NOWHERE = new GroupStreams.Sink() {
        @Override
        public void deliver(JsonObject message) {}

        @Override
        public void gap(String group, NotRecovered notRecovered) {}

        @Override
        public void readFailed(String group, Throwable cause) {}

        @Override
        public void overflowed(String group, int held) {}
    };

    @Test
    void aGroupLeftWhileItsFirstJoinReadsThePositionIsNotJoinedAfterAll(Vertx vertx) throws Exception {
        SlowFirstRead layer = new SlowFirstRead(vertx);
        GroupStreams streams = new GroupStreams(layer, NOWHERE, 100);
        List<Runnable> after = new ArrayList<>();
        Future<?> joining = streams.join("room1", "me", null, after::add);
        streams.left("room1");
        layer.answer.complete();
        Throwable failure =
                joining.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS);
        assertThat(failure).hasMessage("Group 'room1' was left while it was being joined");
        assertThat(layer.stats().memberships()).isZero();
        assertThat(after).isEmpty();
    }
}
