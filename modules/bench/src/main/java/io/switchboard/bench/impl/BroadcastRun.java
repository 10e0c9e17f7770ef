// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broadcast, cross-node and echo scenarios: connect every member, wait until every room delivers a probe to all
 * its members, optionally warm up, then send measured messages (closed loop with a window per sender, or at a fixed
 * offered rate) until every delivery has arrived, the deliveries stall for the drain time, or the deadline passes.
 *
 * <p>Frame handling runs on the member's lane; this class's main-thread methods only poll counters.
 */
final class BroadcastRun {

    private static final int CONNECT = 0, PROBE = 1, WARMUP = 2, MEASURE = 3, STOPPED = 4;

    private final BenchOptions o;
    private final Fleet fleet;
    private final Progress progress;
    private final long epoch = System.nanoTime();
    private final long deadline;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final AtomicInteger sendersDone = new AtomicInteger();
    private final AtomicInteger roomsReady = new AtomicInteger();
    private final AtomicIntegerArray readyInRoom;
    private final AtomicInteger warmDone = new AtomicInteger();
    private volatile int phase = CONNECT;
    private volatile long measureStart;
    private volatile long warmEnd;

    BroadcastRun(BenchOptions options, Fleet fleet, PrintStream out) {
        this.o = options;
        this.fleet = fleet;
        this.progress = new Progress(out, options.quiet());
        this.deadline = epoch + Progress.nanos(options.deadlineSeconds());
        this.readyInRoom = new AtomicIntegerArray(options.rooms());
    }

    /** Runs the scenario and fills {@code result}. Blocking: call from the main thread. */
    void run(JsonObject result) throws Exception {
        int n = o.connections();
        long t0 = System.nanoTime();
        fleet.connectAll(m -> {
            m.ledger = new DeliveryLedger(o.members());
            m.ws.handler(frame -> onFrame(m, frame));
        });
        boolean connected =
                progress.await(() -> fleet.connected.get() + fleet.failures.get() == n, deadline, () -> connectLine(n));
        result.put("connectPerSec", rate(fleet.connected.get(), System.nanoTime() - t0));
        if (!connected || fleet.failures.get() > 0) {
            fleet.stopConnecting();
            stop(result, connected ? "connect failed" : "deadline while connecting");
            return;
        }
        phase = PROBE;
        Lanes.each(fleet, this::sendProbes, 250);
        boolean ready = progress.await(
                () -> roomsReady.get() == o.rooms(),
                deadline,
                () -> "probe  rooms ready " + roomsReady.get() + "/" + o.rooms());
        Lanes.cancelTimers(fleet);
        if (!ready) {
            stop(result, "deadline while probing rooms");
            return;
        }
        if (o.warmupSeconds() > 0) {
            warmEnd = System.nanoTime() + Progress.nanos(o.warmupSeconds());
            phase = WARMUP;
            Lanes.each(fleet, lane -> lane.members.forEach(this::sendWarmup), 0);
            boolean warm = progress.await(
                    () -> warmDone.get() == n,
                    Math.min(deadline, warmEnd + Progress.nanos(o.drainSeconds())),
                    () -> "warmup " + warmDone.get() + "/" + n + " senders done");
            result.put("warmupComplete", warm);
        }
        measure(result);
    }

    private void measure(JsonObject result) throws Exception {
        long serverCpu0 = o.serverPid() > 0 ? ProcessProbe.cpuNanos(o.serverPid()) : -1;
        long cpu0 = ProcessProbe.ownCpuNanos();
        measureStart = System.nanoTime();
        phase = MEASURE;
        if (o.openLoop()) {
            double perSender = o.rate() / o.members() / o.connections();
            Lanes.each(fleet, lane -> lane.messagesPerSecond = perSender * lane.members.size(), 0);
            Lanes.each(fleet, this::tick, 1);
        } else {
            Lanes.each(fleet, lane -> lane.members.forEach(this::startWindow), 0);
        }
        long[] seen = {-1, System.nanoTime()};
        String[] stall = {null};
        long drain = Progress.nanos(o.drainSeconds());
        boolean finished = progress.await(
                () -> {
                    if (allDelivered()) {
                        return true;
                    }
                    long d = delivered.sum();
                    long now = System.nanoTime();
                    if (d != seen[0]) {
                        seen[0] = d;
                        seen[1] = now;
                    } else if ((sendersDone.get() == o.connections() || !o.openLoop()) && now - seen[1] > drain) {
                        stall[0] = "stalled " + o.drainSeconds() + "s with deliveries missing";
                        return true;
                    }
                    return false;
                },
                deadline,
                this::measureLine);
        boolean complete = finished && stall[0] == null;
        String reason = complete ? "complete" : finished ? stall[0] : "deadline";
        long end = System.nanoTime();
        long cpu1 = ProcessProbe.ownCpuNanos();
        long serverCpu1 = serverCpu0 >= 0 ? ProcessProbe.cpuNanos(o.serverPid()) : -1;
        phase = STOPPED;
        Lanes.cancelTimers(fleet);
        Tally tally = Tally.collect(fleet, o);
        tally.sent = sent.sum();
        long last = tally.lastDeliveryNanos > measureStart ? tally.lastDeliveryNanos : end;
        double seconds = (last - measureStart) / 1e9;
        result.put("complete", complete).put("stopReason", reason);
        tally.into(result, seconds);
        result.put("clientCpuPct", round1(100.0 * (cpu1 - cpu0) / (end - measureStart)));
        if (serverCpu0 >= 0 && serverCpu1 >= 0) {
            result.put("serverCpuPct", round1(100.0 * (serverCpu1 - serverCpu0) / (end - measureStart)));
        }
    }

    private boolean allDelivered() {
        return sendersDone.get() == o.connections() && delivered.sum() >= expected.sum();
    }

    private void stop(JsonObject result, String reason) {
        phase = STOPPED;
        result.put("complete", false).put("stopReason", reason);
        Lanes.cancelTimers(fleet);
    }

    private void onFrame(Member m, Buffer frame) {
        long now = System.nanoTime();
        Lane lane = m.lane;
        MessageMeta meta = lane.meta;
        if (!MessageCodec.decode(frame, meta)) {
            lane.foreign++;
            if (MessageCodec.isError(frame)) {
                lane.errors++;
            }
            return;
        }
        switch (meta.kind()) {
            case MessageMeta.PROBE -> {
                if (!m.ready && meta.sender() == m.room) {
                    m.ready = true;
                    if (readyInRoom.incrementAndGet(m.room) == o.members()) {
                        roomsReady.incrementAndGet();
                    }
                }
            }
            case MessageMeta.WARMUP -> {
                if (meta.sender() == m.id && m.warming) {
                    m.warming = false;
                    if (phase == WARMUP && now - warmEnd < 0) {
                        sendWarmup(m);
                    } else {
                        warmDone.incrementAndGet();
                    }
                }
            }
            default -> onData(m, lane, meta, now);
        }
    }

    private void onData(Member m, Lane lane, MessageMeta meta, long now) {
        int sender = meta.sender() - m.room * o.members();
        if (sender < 0 || sender >= o.members() || meta.seq() >= o.messages()) {
            lane.misrouted++;
            return;
        }
        if (m.ledger.record(sender, meta.seq()) == DeliveryLedger.DUPLICATE) {
            return;
        }
        lane.latency.recordNanos(now - epoch - meta.sentNanos());
        lane.lastDeliveryNanos = now;
        delivered.increment();
        if (meta.sender() == m.id && !o.openLoop()) {
            m.inFlight--;
            if (phase == MEASURE && !m.finished) {
                m.inFlight++;
                send(m, now - epoch);
            }
        }
    }

    private void sendProbes(Lane lane) {
        for (Member m : lane.members) {
            if (m.indexInRoom == 0 && readyInRoom.get(m.room) < o.members()) {
                m.ws.writeTextMessage(MessageCodec.frame(MessageCodec.probe(m.room)));
            }
        }
    }

    private void sendWarmup(Member m) {
        m.warming = true;
        m.ws.writeTextMessage(MessageCodec.frame(MessageCodec.warmup(m.id)));
    }

    private void startWindow(Member m) {
        int k = Math.min(o.window(), o.messages());
        for (int i = 0; i < k && phase == MEASURE; i++) {
            m.inFlight++;
            send(m, System.nanoTime() - epoch);
        }
    }

    /** Open loop: sends what the schedule says is due by now, stamped with the scheduled time. */
    private void tick(Lane lane) {
        long now = System.nanoTime();
        double elapsed = (now - measureStart) / 1e9;
        if (phase != MEASURE || elapsed >= o.durationSeconds()) {
            finishSending(lane);
            return;
        }
        long due = OpenLoopSchedule.dueBy(now - measureStart, lane.messagesPerSecond);
        int size = lane.members.size();
        while (lane.sentByLane < due) {
            Member m = null;
            for (int tries = 0; tries < size && m == null; tries++) {
                Member c = lane.members.get(lane.nextSender++ % size);
                m = c.finished ? null : c;
            }
            if (m == null) {
                finishSending(lane);
                return;
            }
            long scheduled = measureStart + OpenLoopSchedule.scheduledNanos(lane.sentByLane, lane.messagesPerSecond);
            lane.sentByLane++;
            send(m, scheduled - epoch);
        }
    }

    private void finishSending(Lane lane) {
        Lanes.cancelTimer(lane);
        for (Member m : lane.members) {
            if (!m.finished) {
                m.finished = true;
                sendersDone.incrementAndGet();
            }
        }
    }

    private void send(Member m, long sentNanos) {
        int seq = m.sent++;
        expected.add(o.members());
        sent.increment();
        m.ws.writeTextMessage(MessageCodec.frame(MessageCodec.data(m.id, seq, Math.max(0, sentNanos), o.size())));
        if (m.sent == o.messages()) {
            m.finished = true;
            sendersDone.incrementAndGet();
        }
    }

    private String connectLine(int n) {
        return String.format(Locale.ROOT, "connect %,d/%,d  failed %d", fleet.connected.get(), n, fleet.failures.get());
    }

    private long lastLineDelivered;

    private String measureLine() {
        long d = delivered.sum();
        long delta = d - lastLineDelivered;
        lastLineDelivered = d;
        return String.format(
                Locale.ROOT, "measure  sent %,d  delivered %,d/%,d  +%,d/s", sent.sum(), d, expected.sum(), delta);
    }

    static double rate(long count, long nanos) {
        return nanos <= 0 ? 0 : Math.round(count * 1e10 / nanos) / 10.0;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
