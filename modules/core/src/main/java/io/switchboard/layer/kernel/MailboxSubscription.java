// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber of a {@link LocalMailbox}, for every backend. It is also its own drain task, so scheduling a
 * delivery allocates nothing: the mailbox runs it on the subscriber's context when messages arrive.
 */
public final class MailboxSubscription implements Subscription, Handler<Void> {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxSubscription.class);

    final Context context;
    /** A drain task is scheduled or running; guarded by the mailbox's monitor. */
    boolean scheduled;

    private final LocalMailbox mailbox;
    private final Handler<JsonObject> handler;
    private final AtomicReference<Future<Void>> cancelled = new AtomicReference<>();

    MailboxSubscription(LocalMailbox mailbox, Handler<JsonObject> handler, Context context) {
        this.mailbox = mailbox;
        this.handler = handler;
        this.context = context;
    }

    @Override
    public String channel() {
        return mailbox.name();
    }

    /** @return the mailbox it reads */
    public LocalMailbox mailbox() {
        return mailbox;
    }

    /** {@inheritDoc} Calling it again returns the first call's future. */
    @Override
    public Future<Void> cancel() {
        Future<Void> done = cancelled.get();
        if (done != null) {
            return done;
        }
        Promise<Void> ending = Promise.promise();
        if (!cancelled.compareAndSet(null, ending.future())) {
            return cancelled.get();
        }
        mailbox.table().unsubscribed(this).onComplete(ending);
        return ending.future();
    }

    /** Marks this subscription ended without telling the backend, as its layer closes. */
    boolean markEnded() {
        return cancelled.compareAndSet(null, Future.succeededFuture());
    }

    @Override
    public void handle(Void unused) {
        mailbox.drain(this);
    }

    /** Runs the handler on a message; a failure goes to the context's exception handler and the subscription stays. */
    void deliver(JsonObject message) {
        try {
            handler.handle(message);
        } catch (Throwable failure) {
            Handler<Throwable> report = context.exceptionHandler();
            if (report == null) {
                report = context.owner().exceptionHandler();
            }
            if (report != null) {
                report.handle(failure);
            } else {
                LOG.error(
                        "The subscriber of channel '{}' failed on a message; it keeps its subscription",
                        mailbox.name(),
                        failure);
            }
        }
    }

    @Override
    public String toString() {
        return "MailboxSubscription[" + mailbox.name() + "]";
    }
}
