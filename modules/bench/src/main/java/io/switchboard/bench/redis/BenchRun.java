// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import io.switchboard.layer.ChannelLayer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * One measured run: {@code members} channels subscribed on several event loops join one group; a sender keeps
 * {@code window} group sends in flight, each done once its send call has returned and every member has it; every
 * delivery's latency
 * (from the send call to the member's handler, on the wall clock) is recorded while measuring.
 */
final class BenchRun {

    private static final int RING = 1 << 20;
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Vertx vertx;
    private final int members;
    private final int window;
    private final String group;
    private final Context sendContext;
    private final AtomicIntegerArray delivered = new AtomicIntegerArray(RING);
    // microseconds, 3 significant digits; members record from several event loops at once
    private final Recorder latencies = new Recorder(3);
    private final LongAdder measured = new LongAdder();
    private final LongAdder errors = new LongAdder();
    // touched on sendContext only: a group send in flight, and whether its send has returned and every member has it
    private final LinkedHashMap<Integer, Slot> inFlight = new LinkedHashMap<>();
    private IntConsumer sender;
    private int nextSeq;
    private boolean stopping;
    private long lost;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;

    BenchRun(Vertx vertx, int members, int window, String group) {
        this.vertx = vertx;
        this.members = members;
        this.window = window;
        this.group = group;
        this.sendContext = vertx.getOrCreateContext();
    }

    /** Makes the members on {@code receiver}, each subscribed on one of {@code contexts} event loops, in the group. */
    void join(ChannelLayer receiver, int contexts) throws Exception {
        List<Context> loops = new ArrayList<>();
        for (int i = 0; i < contexts; i++) {
            loops.add(vertx.getOrCreateContext());
        }
        List<Future<Void>> joined = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            joined.add(on(
                    loops.get(i % contexts),
                    () -> receiver.newChannel()
                            .compose(channel -> receiver.subscribe(channel, this::delivered)
                                    .compose(s -> receiver.groupAdd(group, channel)))));
            if (joined.size() == 200) {
                Future.all(joined).await(30, TimeUnit.SECONDS);
                joined.clear();
            }
        }
        Future.all(joined).await(30, TimeUnit.SECONDS);
    }

    /** Sends with Switchboard's {@code groupSend} on {@code layer}. */
    void sendWith(ChannelLayer layer) {
        sender = seq -> layer.groupSend(group, message(seq)).onComplete(ar -> {
            if (ar.succeeded()) {
                sent(seq);
            } else {
                failed(seq, ar.cause());
            }
        });
    }

    /** Sends with channels_redis' {@code group_send} in a Python process. */
    void sendWith(PythonSender python) {
        python.onSent(seq -> sendContext.runOnContext(v -> sent(seq)));
        sender = python::send;
    }

    /**
     * Sends for {@code warmupSeconds} unmeasured, then {@code seconds} measured, then waits for what is in flight.
     *
     * @return the figures of the measured part
     */
    BenchResult drive(double warmupSeconds, double seconds) throws Exception {
        sendContext.runOnContext(v -> fill());
        Thread.sleep((long) (warmupSeconds * 1000));
        long from = nowMicros();
        measureUntil = from + (long) (seconds * 1_000_000);
        measureFrom = from;
        long timer = vertx.setPeriodic(200, id -> sendContext.runOnContext(v -> giveUpOnOld()));
        Thread.sleep((long) (seconds * 1000) + 50);
        on(sendContext, () -> {
                    stopping = true;
                    return Future.succeededFuture();
                })
                .await(5, TimeUnit.SECONDS);
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < drainUntil
                && on(sendContext, () -> Future.succeededFuture(inFlight.size()))
                                .await(5, TimeUnit.SECONDS)
                        > 0) {
            Thread.sleep(20);
        }
        vertx.cancelTimer(timer);
        long lostNow = on(sendContext, () -> Future.succeededFuture(lost + inFlight.size()))
                .await(5, TimeUnit.SECONDS);
        double deliveriesPerSecond = measured.sum() / seconds;
        return BenchResult.of(
                deliveriesPerSecond / members,
                deliveriesPerSecond,
                latencies.getIntervalHistogram(),
                lostNow,
                errors.sum());
    }

    private void delivered(JsonObject message) {
        long now = nowMicros();
        int seq = ((Number) message.getValue("seq")).intValue();
        if (now >= measureFrom && now < measureUntil) {
            latencies.recordValue(Math.max(0, now - ((Number) message.getValue("t")).longValue()));
            measured.increment();
        }
        if (delivered.incrementAndGet(seq & (RING - 1)) == members) {
            delivered.set(seq & (RING - 1), 0);
            sendContext.runOnContext(v -> {
                Slot slot = inFlight.get(seq);
                if (slot != null) {
                    slot.delivered = true;
                    freeIfDone(seq, slot);
                }
            });
        }
    }

    // ---- on sendContext

    /** One group send in flight: it frees its slot once its send has returned and every member has it. */
    private static final class Slot {
        final long startNanos = System.nanoTime();
        boolean sent;
        boolean delivered;
    }

    private void fill() {
        while (!stopping && inFlight.size() < window) {
            int seq = nextSeq++;
            inFlight.put(seq, new Slot());
            sender.accept(seq);
        }
    }

    private void sent(int seq) {
        Slot slot = inFlight.get(seq);
        if (slot != null) {
            slot.sent = true;
            freeIfDone(seq, slot);
        }
    }

    private void freeIfDone(int seq, Slot slot) {
        if (slot.sent && slot.delivered) {
            inFlight.remove(seq);
            fill();
        }
    }

    private void failed(int seq, Throwable err) {
        errors.increment();
        if (errors.sum() <= 3) {
            System.err.println("groupSend failed: " + err);
        }
        // a failing Redis fails at once: pause a little rather than spin
        sendContext.runOnContext(v -> {
            inFlight.remove(seq);
            vertx.setTimer(10, id -> sendContext.runOnContext(w -> fill()));
        });
    }

    // a group send some member never got (dropped at capacity, say) frees its slot after a while
    private void giveUpOnOld() {
        long now = System.nanoTime();
        Iterator<Map.Entry<Integer, Slot>> oldest = inFlight.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<Integer, Slot> entry = oldest.next();
            if (now - entry.getValue().startNanos < GIVE_UP_NANOS) {
                break;
            }
            oldest.remove();
            lost++;
        }
        fill();
    }

    JsonObject message(int seq) {
        return new JsonObject().put("type", "bench.message").put("seq", seq).put("t", nowMicros());
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(result));
        return result.future();
    }
}
