// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testkit;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hooks and helpers of {@link ChannelLayerContractTest}: the layer factory, declared deviations, the layer's
 * life around each test, and waiting helpers for the JUnit thread. Extend {@link ChannelLayerContractTest}, not
 * this class.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
public abstract class ChannelLayerContractFixture {

    /** How long a helper waits for one future, in seconds. */
    protected static final long AWAIT_SECONDS = 5;

    /** The Vert.x instance of the running test. */
    protected Vertx vertx;
    /** A layer with {@link #defaultOptions()}, made before each test and flushed and closed after it. */
    protected ChannelLayer layer;

    private final List<ChannelLayer> layers = new ArrayList<>();
    private String testId;

    /**
     * Makes the layer under test. Called once or more per test; every layer made is flushed and closed after
     * the test.
     *
     * @param vertx the test's Vert.x instance
     * @param options capacity, expiry and group expiry the test needs
     * @return a future of the ready layer
     */
    protected abstract Future<ChannelLayer> createLayer(Vertx vertx, ChannelLayerOptions options);

    /**
     * Declares that this backend cannot meet a contract property exactly, and why. The tests of a deviated
     * property abort with {@code "deviation: <reason>"}: reported as skipped with the reason, never as passed.
     *
     * @param property a contract property
     * @return the reason, or empty when the backend meets the property (the default)
     */
    protected Optional<String> deviation(ContractProperty property) {
        return Optional.empty();
    }

    /**
     * The options of {@link #layer}: Channels' defaults unless overridden.
     *
     * @return new options
     */
    protected ChannelLayerOptions defaultOptions() {
        return new ChannelLayerOptions();
    }

    @BeforeEach
    void openLayer(Vertx vertx) {
        this.vertx = vertx;
        this.testId = randomLetters(8);
        this.layer = newLayer(defaultOptions());
    }

    @AfterEach
    void closeLayers() {
        for (ChannelLayer made : layers) {
            await(made.flush());
            await(made.close());
        }
        layers.clear();
    }

    /**
     * Aborts the running test if the backend declared a deviation for any of the properties.
     *
     * @param properties the properties the test checks
     */
    protected final void requires(ContractProperty... properties) {
        for (ContractProperty property : properties) {
            deviation(property).ifPresent(reason -> Assumptions.abort("deviation: " + reason));
        }
    }

    /**
     * Makes another layer for this test, closed after it.
     *
     * @param options the options it needs
     * @return the ready layer
     */
    protected final ChannelLayer newLayer(ChannelLayerOptions options) {
        ChannelLayer made = await(createLayer(vertx, options));
        layers.add(made);
        return made;
    }

    /**
     * Closes a layer made with {@link #newLayer} now, for tests of what a closed layer does; it is then left out of
     * the flush and close after the test.
     *
     * @param made the layer
     * @return completed when it is closed
     */
    protected final Future<Void> closeNow(ChannelLayer made) {
        layers.remove(made);
        return made.close();
    }

    /**
     * A channel name unique to this test run, so backends with shared state (Redis) do not mix tests.
     *
     * @param base a readable stem
     * @return a valid normal channel name
     */
    protected final String channel(String base) {
        return base + "-" + testId;
    }

    /**
     * A group name unique to this test run.
     *
     * @param base a readable stem
     * @return a valid group name
     */
    protected final String group(String base) {
        return "g-" + base + "-" + testId;
    }

    /**
     * A message with a {@code type} and a {@code text}.
     *
     * @param text the text
     * @return a new message
     */
    protected static JsonObject message(String text) {
        return new JsonObject().put("type", "test.message").put("text", text);
    }

    /**
     * Waits on the JUnit thread for a future's result.
     *
     * @param future the future
     * @param <T> the result type
     * @return the result; a failure is rethrown, a timeout is an {@link AssertionError}
     */
    protected static <T> T await(Future<T> future) {
        try {
            return future.await(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("No result within " + AWAIT_SECONDS + " s", e);
        }
    }

    /**
     * Waits on the JUnit thread for a future to fail.
     *
     * @param future the future
     * @return its failure; a success is an {@link AssertionError}
     */
    protected static Throwable awaitFailure(Future<?> future) {
        return await(future.transform(ar -> ar.failed()
                ? Future.succeededFuture(ar.cause())
                : Future.failedFuture(new AssertionError("Expected a failure, got " + ar.result()))));
    }

    /**
     * Waits for a Vert.x timer, for tests of expiry; the JUnit thread waits, never an event loop.
     *
     * @param millis how long
     */
    protected final void pause(long millis) {
        await(vertx.timer(millis, TimeUnit.MILLISECONDS));
    }

    /**
     * Checks that nothing else is queued on a channel: a marker sent now must be the next message received.
     *
     * @param on the layer
     * @param channel the channel
     */
    protected final void assertNothingElseQueued(ChannelLayer on, String channel) {
        Future<JsonObject> next = on.receive(channel);
        await(on.send(channel, message("marker")));
        String text = await(next).getString("text");
        if (!"marker".equals(text)) {
            throw new AssertionError("Expected nothing else on " + channel + ", got a message with text " + text);
        }
    }

    private static String randomLetters(int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }
}
