// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LocalMailboxesTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** Records what the table tells its backend. */
    private static final class Heard implements MailboxEvents {
        final List<String> expired = new ArrayList<>();
        final List<String> retired = new ArrayList<>();
        final AtomicInteger demand = new AtomicInteger();
        final List<String> cancelled = new ArrayList<>();

        @Override
        public synchronized void expired(LocalMailbox mailbox, int count) {
            expired.add(mailbox.name() + "x" + count);
        }

        @Override
        public void demandChanged(LocalMailbox mailbox) {
            demand.incrementAndGet();
        }

        @Override
        public synchronized Future<Void> cancelled(LocalMailbox mailbox) {
            cancelled.add(mailbox.name());
            return Future.succeededFuture();
        }

        @Override
        public synchronized void retired(LocalMailbox mailbox) {
            retired.add(mailbox.name());
        }
    }

    private final Heard heard = new Heard();

    private LocalMailboxes table(int capacity, long expiryNanos, MailboxPolicy.Overflow overflow, boolean eager) {
        return new LocalMailboxes(new MailboxPolicy(name -> capacity, expiryNanos, overflow, eager), heard);
    }

    private static JsonObject message(int n) {
        return new JsonObject().put("type", "test.message").put("n", n);
    }

    private static int n(Future<JsonObject> next) throws Exception {
        return next.await(5, TimeUnit.SECONDS).getInteger("n");
    }

    @Test
    void aFullMailboxRefusesTheNewestAndCountsTheMessageInHand(Vertx vertx) throws Exception {
        LocalMailboxes table = table(2, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        CountDownLatch inHand = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Context worker = vertx.getOrCreateContext();
        table.subscribe(
                        "held",
                        message -> {
                            inHand.countDown();
                            try {
                                release.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        worker)
                .await(5, TimeUnit.SECONDS);
        assertThat(table.send("held", message(0)).succeeded()).isTrue();
        assertThat(inHand.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(table.send("held", message(1)).succeeded())
                .as("one queued, one in hand")
                .isTrue();
        Future<Void> third = table.send("held", message(2));
        assertThat(third.cause()).isInstanceOf(ChannelFullException.class);
        assertThat(table.deliverToMember("held", message(3), System.nanoTime())).isFalse();
        assertThat(table.droppedFull())
                .as("a member's miss is counted, a send's refusal is the sender's")
                .isEqualTo(1);
        release.countDown();
    }

    @Test
    void dropOldestMakesRoomAndCountsTheDrop() throws Exception {
        LocalMailboxes table = table(2, MINUTE, MailboxPolicy.Overflow.DROP_OLDEST, false);
        for (int i = 0; i < 4; i++) {
            assertThat(table.offer("buffer", message(i), System.nanoTime(), false))
                    .isEqualTo(LocalMailbox.Offer.TAKEN);
        }
        assertThat(table.droppedFull()).isEqualTo(2);
        assertThat(n(table.receive("buffer", null))).isEqualTo(2);
        assertThat(n(table.receive("buffer", null))).isEqualTo(3);
    }

    @Test
    void anExpiredMessageIsDroppedCountedAndItsGroupMemberMissesTheNextOne() throws Exception {
        LocalMailboxes table = table(10, 1_000, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        long start = System.nanoTime();
        table.offer("member", message(0), start, false);
        LocalMailbox.Offer later = table.offer("member", message(1), start + 2_000, true);
        assertThat(later).isEqualTo(LocalMailbox.Offer.MEMBER_EXPIRED);
        assertThat(table.droppedExpired()).isEqualTo(1);
        assertThat(heard.expired).containsExactly("memberx1");
        assertThat(table.offer("member", message(2), start + 2_000, false)).isEqualTo(LocalMailbox.Offer.TAKEN);
    }

    @Test
    void aWaitingReceiveIsServedFirstInOrder(Vertx vertx) throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, true);
        Future<JsonObject> first = table.receive("jobs", vertx.getOrCreateContext());
        Future<JsonObject> second = table.receive("jobs", vertx.getOrCreateContext());
        assertThat(table.open("jobs").wantsMore()).isTrue();
        table.send("jobs", message(0));
        table.send("jobs", message(1));
        assertThat(n(first)).isZero();
        assertThat(n(second)).isEqualTo(1);
        assertThat(table.subscribe("jobs", m -> {}, vertx.getOrCreateContext()).succeeded())
                .as("no one waits any more")
                .isTrue();
    }

    @Test
    void oneReaderPerChannel(Vertx vertx) {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        table.receive("one", null);
        assertThat(table.subscribe("one", m -> {}, vertx.getOrCreateContext()).cause())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("receive calls waiting");
        table.subscribe("two", m -> {}, vertx.getOrCreateContext());
        assertThat(table.subscribe("two", m -> {}, vertx.getOrCreateContext()).cause())
                .hasMessageContaining("already has a subscriber");
        assertThat(table.receive("two", null).cause()).hasMessageContaining("has a subscriber");
    }

    @Test
    void aSubscriberGetsQueuedMessagesFirstThenLiveOnesInOrderOnItsContextAcrossBatches(Vertx vertx) throws Exception {
        LocalMailboxes table = table(1_000, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        for (int i = 0; i < 100; i++) {
            table.send("ordered", message(i));
        }
        Context context = vertx.getOrCreateContext();
        BlockingQueue<Integer> got = new ArrayBlockingQueue<>(300);
        AtomicInteger elsewhere = new AtomicInteger();
        table.subscribe(
                        "ordered",
                        m -> {
                            if (Vertx.currentContext() != context) {
                                elsewhere.incrementAndGet();
                            }
                            got.add(m.getInteger("n"));
                        },
                        context)
                .await(5, TimeUnit.SECONDS);
        for (int i = 100; i < 200; i++) {
            table.send("ordered", message(i));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(elsewhere).hasValue(0);
    }

    @Test
    void aHandlerThatThrowsKeepsItsSubscription(Vertx vertx) throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        Context context = vertx.getOrCreateContext();
        BlockingQueue<Throwable> reported = new ArrayBlockingQueue<>(2);
        context.exceptionHandler(reported::add);
        BlockingQueue<Integer> got = new ArrayBlockingQueue<>(2);
        table.subscribe(
                        "fragile",
                        m -> {
                            got.add(m.getInteger("n"));
                            if (m.getInteger("n") == 0) {
                                throw new IllegalStateException("boom");
                            }
                        },
                        context)
                .await(5, TimeUnit.SECONDS);
        table.send("fragile", message(0));
        table.send("fragile", message(1));
        assertThat(got.poll(5, TimeUnit.SECONDS)).isZero();
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(reported.poll(5, TimeUnit.SECONDS)).hasMessage("boom");
    }

    @Test
    void cancellingStopsDeliveryTellsTheBackendOnceAndRetiresAnIdleMailbox(Vertx vertx) throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, true);
        MailboxSubscription sub =
                table.subscribe("gone", m -> {}, vertx.getOrCreateContext()).await(5, TimeUnit.SECONDS);
        assertThat(table.subscriptions()).isEqualTo(1);
        Future<Void> first = sub.cancel();
        assertThat(sub.cancel()).isSameAs(first);
        assertThat(heard.cancelled).containsExactly("gone");
        assertThat(table.subscriptions()).isZero();
        assertThat(heard.retired).containsExactly("gone");
        assertThat(table.get("gone")).isNull();
        assertThat(table.live()).isZero();
    }

    @Test
    void aRetiredMailboxIsReplacedSoASenderThatRacedLosesNothing() throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        LocalMailbox old = table.open("raced");
        table.sweep(0);
        assertThat(heard.retired).containsExactly("raced");
        assertThat(old.offer(message(0), System.nanoTime(), false)).isEqualTo(LocalMailbox.Offer.RETIRED);
        assertThat(table.offer("raced", message(0), System.nanoTime(), false)).isEqualTo(LocalMailbox.Offer.TAKEN);
        assertThat(table.get("raced")).isNotSameAs(old);
        assertThat(n(table.receive("raced", null))).isZero();
    }

    @Test
    void parkedMessagesArePassedOnInOrderAndOneThatComesBackKeepsItsPlace() throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        for (int i = 0; i < 3; i++) {
            table.offer("parked", message(i), System.nanoTime(), false);
        }
        LocalMailbox box = table.get("parked");
        assertThat(box.parking()).isTrue();
        assertThat(table.sweep(MINUTE)).containsExactly(box);
        assertThat(box.startForwarding()).isTrue();
        assertThat(box.startForwarding()).as("once at a time").isFalse();
        LocalMailbox.Parked first = box.takeParked();
        assertThat(first.message().getInteger("n")).isZero();
        box.putBack(first);
        assertThat(box.parking()).isTrue();
        assertThat(n(table.receive("parked", null)))
                .as("read here now: the put-back message is first")
                .isZero();
        assertThat(box.parking()).isFalse();
        assertThat(box.startForwarding()).isFalse();
    }

    @Test
    void closingFailsWaitingReceivesAndEndsSubscriptions(Vertx vertx) {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        Future<JsonObject> waiting = table.receive("a", null);
        table.subscribe("b", m -> {}, vertx.getOrCreateContext());
        table.retireAll(channel -> new ChannelLayerException("closed: " + channel, null));
        assertThat(waiting.cause()).hasMessage("closed: a");
        assertThat(table.subscriptions()).isZero();
        assertThat(table.live()).isZero();
    }

    @Test
    void demandFollowsTheSubscribersBacklog(Vertx vertx) throws Exception {
        LocalMailboxes table = table(10, MINUTE, MailboxPolicy.Overflow.DROP_OLDEST, false);
        LocalMailbox box = table.open("demand");
        assertThat(box.wantsMore()).as("nobody reads").isFalse();
        CountDownLatch handled = new CountDownLatch(1);
        table.subscribe("demand", m -> handled.countDown(), vertx.getOrCreateContext())
                .await(5, TimeUnit.SECONDS);
        assertThat(box.wantsMore()).isTrue();
        int before = heard.demand.get();
        table.offer("demand", message(0), System.nanoTime(), false);
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        awaitTrue(box::wantsMore);
        awaitTrue(() -> heard.demand.get() > before);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static JsonObject numbered(int n) {
        return new StreamPosition(n, "e").stamp("g", message(n));
    }

    @Test
    void aFullMailboxLeavesOneLossMarkerPerRunOfDroppedNumberedMessages() throws Exception {
        LocalMailboxes table = table(2, MINUTE, MailboxPolicy.Overflow.REFUSE_NEWEST, false);
        assertThat(table.deliverToMember("c", numbered(1), System.nanoTime())).isTrue();
        assertThat(table.deliverToMember("c", message(2), System.nanoTime())).isTrue();
        // Full: a plain message is just dropped, a numbered one leaves a marker, once
        assertThat(table.deliverToMember("c", message(3), System.nanoTime())).isFalse();
        assertThat(table.deliverToMember("c", numbered(4), System.nanoTime())).isFalse();
        assertThat(table.deliverToMember("c", numbered(5), System.nanoTime())).isFalse();
        assertThat(n(table.receive("c", null))).isEqualTo(1);
        assertThat(n(table.receive("c", null))).isEqualTo(2);
        assertThat(StreamPosition.isLossMarker(table.receive("c", null).await(5, TimeUnit.SECONDS)))
                .isTrue();
        assertThat(table.deliverToMember("c", numbered(6), System.nanoTime())).isTrue();
        assertThat(n(table.receive("c", null))).isEqualTo(6);
    }

    @Test
    void droppingTheOldestNumberedMessageLeavesALossMarker() throws Exception {
        LocalMailboxes table = table(1, MINUTE, MailboxPolicy.Overflow.DROP_OLDEST, false);
        table.deliverToMember("c", numbered(1), System.nanoTime());
        table.deliverToMember("c", numbered(2), System.nanoTime());
        assertThat(StreamPosition.isLossMarker(table.receive("c", null).await(5, TimeUnit.SECONDS)))
                .isTrue();
        assertThat(n(table.receive("c", null))).isEqualTo(2);
    }
}
