// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.LayerStats;
import io.switchboard.server.Monitoring;
import io.switchboard.server.ServerMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The process's figures and readiness checks, in one Prometheus registry: Vert.x's own (HTTP, worker pools, JVM),
 * the server's ({@link ServerMetrics}, counted in {@link LongAdder}s and read at each scrape), the layer's
 * {@link LayerStats}, and what the application adds through {@link Monitoring}. No label takes a value from a room,
 * a user or a connection: consumer classes and a few fixed reasons only.
 */
final class Metering implements Monitoring, ServerMetrics {

    /** Readiness checks that do not answer within this are failed. */
    static final long CHECK_TIMEOUT_MILLIS = 1_000;

    private static final AtomicLong REGISTRIES = new AtomicLong();
    /** The registry of each Vert.x {@link #vertxOptions} set up, found again by {@link #of}. */
    private static final Map<Vertx, PrometheusMeterRegistry> BY_VERTX = new WeakHashMap<>();

    private final PrometheusMeterRegistry registry;
    private final HealthChecks readiness;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder handshakeNanos = new LongAdder();
    private final LongAdder[] refused = adders(Refusal.values().length);
    private final LongAdder[] closed = adders(CloseClass.values().length);
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final ConcurrentHashMap<Class<?>, HandlerTimer> handlers = new ConcurrentHashMap<>();
    /** What function meters read: Micrometer holds it weakly, and a collected supplier would freeze its figure. */
    private final List<Object> read = new CopyOnWriteArrayList<>();

    /** Close codes by what they say, for a label with a handful of values. */
    enum CloseClass {
        NORMAL,
        GOING_AWAY,
        ABNORMAL,
        PROTOCOL,
        SERVER_ERROR,
        RESTART,
        TRY_AGAIN,
        APPLICATION,
        OTHER;

        static CloseClass of(int code) {
            return switch (code) {
                case 1000 -> NORMAL;
                case 1001 -> GOING_AWAY;
                case 1005, 1006 -> ABNORMAL;
                case 1002, 1003, 1007, 1008, 1009, 1010 -> PROTOCOL;
                case 1011 -> SERVER_ERROR;
                case 1012 -> RESTART;
                case 1013 -> TRY_AGAIN;
                default -> code >= 4000 && code <= 4999 ? APPLICATION : OTHER;
            };
        }
    }

    private Metering(PrometheusMeterRegistry registry, HealthChecks readiness) {
        this.registry = registry;
        this.readiness = readiness;
        FunctionCounter.builder("switchboard.connections.accepted", accepted, LongAdder::sum)
                .description("WebSocket upgrades that became open sockets")
                .register(registry);
        for (Refusal reason : Refusal.values()) {
            FunctionCounter.builder("switchboard.connections.refused", refused[reason.ordinal()], LongAdder::sum)
                    .description("WebSocket upgrades refused, by reason")
                    .tags(Tags.of("reason", reason.name().toLowerCase()))
                    .register(registry);
        }
        for (CloseClass kind : CloseClass.values()) {
            FunctionCounter.builder("switchboard.connections.closed", closed[kind.ordinal()], LongAdder::sum)
                    .description("WebSocket sockets closed, by the class of their close code")
                    .tags(Tags.of("code_class", kind.name().toLowerCase()))
                    .register(registry);
        }
        FunctionTimer.builder(
                        "switchboard.handshake",
                        this,
                        m -> m.accepted.sum(),
                        m -> m.handshakeNanos.sum(),
                        TimeUnit.NANOSECONDS)
                .description("From a WebSocket upgrade request until the socket opened")
                .register(registry);
        counter("switchboard.frames.received", "WebSocket frames received from clients", framesIn::sum);
        counter("switchboard.frames.sent", "WebSocket messages written to clients", framesOut::sum);
        counter("switchboard.bytes.received", "WebSocket payload bytes received from clients", bytesIn::sum);
        counter("switchboard.bytes.sent", "WebSocket payload bytes written to clients", bytesOut::sum);
    }

    /**
     * The Vert.x options that put Vert.x's own figures in a new registry, with labels that stay few: no event-bus
     * addresses (a channel is one on the event-bus layer), no remote addresses, no paths.
     *
     * @return options for a Vert.x that {@link #of} then finds the registry of
     */
    static VertxOptions vertxOptions() {
        String name = "switchboard-" + REGISTRIES.incrementAndGet();
        return new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setRegistryName(name)
                        .setJvmMetricsEnabled(true)
                        .setLabels(EnumSet.of(Label.HTTP_CODE, Label.HTTP_METHOD, Label.POOL_TYPE, Label.POOL_NAME))
                        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
                        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    }

    /**
     * Remembers the registry of a Vert.x made with {@link #vertxOptions}.
     *
     * @param vertx the Vert.x
     * @param options the options it was made with
     */
    static void made(Vertx vertx, VertxOptions options) {
        String name = ((MicrometerMetricsOptions) options.getMetricsOptions()).getRegistryName();
        if (BackendRegistries.getNow(name) instanceof PrometheusMeterRegistry prometheus) {
            synchronized (BY_VERTX) {
                BY_VERTX.put(vertx, prometheus);
            }
        }
    }

    /**
     * The metering of a Vert.x: in the registry {@link #vertxOptions} gave it, or in a registry of its own for a
     * Vert.x made elsewhere (a test's), which then lacks Vert.x's own figures.
     *
     * @param vertx the Vert.x
     * @return a new metering, with the server's counters registered
     */
    static Metering of(Vertx vertx) {
        PrometheusMeterRegistry registry;
        synchronized (BY_VERTX) {
            registry = BY_VERTX.get(vertx);
        }
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        }
        return new Metering(registry, HealthChecks.create(vertx));
    }

    /** Adds the layer's counts, read at each scrape. */
    void layer(ChannelLayer layer) {
        gauge(
                "switchboard.layer.channels",
                "Channels with messages or a subscriber",
                () -> layer.stats().channels());
        gauge(
                "switchboard.layer.groups",
                "Groups with a member known here",
                () -> layer.stats().groups());
        counter(
                "switchboard.layer.group.sends",
                "Group sends called here",
                () -> layer.stats().groupSends());
        counter(
                "switchboard.layer.deliveries",
                "Group messages put in this node's channels",
                () -> layer.stats().delivered());
        FunctionCounter.builder(
                        "switchboard.layer.dropped", layer, l -> l.stats().droppedFull())
                .description("Messages dropped for a member, by reason")
                .tags(Tags.of("reason", "channel_full"))
                .register(registry);
        FunctionCounter.builder("switchboard.layer.dropped", droppedSlow, LongAdder::sum)
                .description("Messages dropped for a member, by reason")
                .tags(Tags.of("reason", "slow_consumer"))
                .register(registry);
        counter(
                "switchboard.layer.expired",
                "Messages dropped unread at their expiry",
                () -> layer.stats().droppedExpired());
        counter(
                "switchboard.layer.reconnects",
                "Times the layer's backend connection came back",
                () -> layer.stats().reconnects());
    }

    /** @return the registry, for the scrape */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** @return the readiness checks */
    HealthChecks readiness() {
        return readiness;
    }

    // ---- Monitoring

    @Override
    public void readinessCheck(String name, Supplier<Future<?>> check) {
        // our own deadline, inside the health check's: a check that does not answer is DOWN (503), where
        // vertx-health-check would call it failed (500)
        readiness.register(name, CHECK_TIMEOUT_MILLIS + 1_000, promise -> {
            Future<?> outcome;
            try {
                outcome = check.get();
            } catch (RuntimeException e) {
                outcome = Future.failedFuture(e);
            }
            outcome.timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .onComplete(
                            ok -> promise.tryComplete(Status.OK()),
                            err -> promise.tryComplete(Status.KO(new JsonObject()
                                    .put(
                                            "error",
                                            err instanceof TimeoutException
                                                    ? "no answer within " + CHECK_TIMEOUT_MILLIS + " ms"
                                                    : String.valueOf(err.getMessage())))));
        });
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void counter(String name, String description, LongSupplier total) {
        read.add(total);
        FunctionCounter.builder(name, total, LongSupplier::getAsLong)
                .description(description)
                .register(registry);
    }

    @Override
    public void timer(String name, String description, LongSupplier count, LongSupplier totalNanos) {
        FunctionTimer.builder(name, this, m -> count.getAsLong(), m -> totalNanos.getAsLong(), TimeUnit.NANOSECONDS)
                .description(description)
                .register(registry);
    }

    @Override
    public ServerMetrics serverMetrics() {
        return this;
    }

    // ---- ServerMetrics: one LongAdder increment or two per call

    @Override
    public void accepted(long nanos) {
        accepted.increment();
        handshakeNanos.add(nanos);
    }

    @Override
    public void refused(Refusal reason) {
        refused[reason.ordinal()].increment();
    }

    @Override
    public void closed(int code) {
        closed[CloseClass.of(code).ordinal()].increment();
    }

    @Override
    public void received(int bytes) {
        framesIn.increment();
        bytesIn.add(bytes);
    }

    @Override
    public void sent(int bytes) {
        framesOut.increment();
        bytesOut.add(bytes);
    }

    @Override
    public void droppedSlow() {
        droppedSlow.increment();
    }

    @Override
    public HandlerTimer handlerTimer(Class<?> consumer) {
        return handlers.computeIfAbsent(consumer, this::newHandlerTimer);
    }

    private HandlerTimer newHandlerTimer(Class<?> consumer) {
        LongAdder count = new LongAdder();
        LongAdder nanos = new LongAdder();
        FunctionTimer.builder("switchboard.handler", count, LongAdder::sum, c -> nanos.sum(), TimeUnit.NANOSECONDS)
                .description("Time consumers' handlers take, from their start until their future completes")
                .tags(Tags.of(
                        "consumer", consumer.getSimpleName().isEmpty() ? consumer.getName() : consumer.getSimpleName()))
                .register(registry);
        return took -> {
            count.increment();
            nanos.add(took);
        };
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }
}
