// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.Cli;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a chat page that was away takes to catch up: a reader notes its position and leaves, a writer sends N
 * messages to the room, and the reader comes back with its position; the time runs from the reconnection's start
 * to the last missed message. Against a chat server on loopback started without per-client rate limits
 * ({@code SWITCHBOARD_RATE_MESSAGES=0 SWITCHBOARD_RATE_BYTES=0}).
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.RecoveryTimer",
        description = "Times a reconnecting chat page's recovery of N missed messages.")
public final class RecoveryTimer implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8000", description = "The chat server (loopback).")
    URI url;

    @Option(names = "--missed", paramLabel = "N", defaultValue = "1000", description = "Messages missed each time.")
    int missed;

    @Option(names = "--reps", defaultValue = "20", description = "Repetitions; the first few warm up.")
    int reps;

    @Option(names = "--warmup", defaultValue = "5", description = "Repetitions left out of the figures.")
    int warmup;

    /**
     * Times recoveries and prints the median and the 90th percentile.
     *
     * @param args the options; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new RecoveryTimer(), args));
    }

    @Override
    public Integer call() throws Exception {
        if (!url.getHost().startsWith("127.") && !url.getHost().equals("localhost")) {
            throw new IllegalArgumentException("--url must be a loopback address, was " + url);
        }
        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            List<Double> millis = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                double took = once(client, "recovery" + rep);
                if (rep >= warmup) {
                    millis.add(took);
                }
            }
            Collections.sort(millis);
            double median = millis.get(millis.size() / 2);
            double p90 = millis.get((int) Math.min(millis.size() - 1, Math.ceil(millis.size() * 0.9) - 1));
            System.out.printf(
                    "recovery of %d missed messages over %d runs: median %.1f ms, p90 %.1f ms%n",
                    missed, millis.size(), median, p90);
            System.out.println("RESULT "
                    + new JsonObject()
                            .put("missed", missed)
                            .put("runs", millis.size())
                            .put("medianMillis", median)
                            .put("p90Millis", p90)
                            .encode());
            return 0;
        } finally {
            client.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** @return milliseconds from the reconnection's start to the last missed message */
    private double once(WebSocketClient client, String room) throws Exception {
        Promise<JsonObject> entered = Promise.promise();
        WebSocket reader = connect(client, room, "", frame -> {
            if (frame.containsKey("history")) {
                entered.tryComplete(frame);
            }
        });
        JsonObject position = entered.future().await(10, TimeUnit.SECONDS);
        reader.close().await(10, TimeUnit.SECONDS);

        AtomicInteger echoed = new AtomicInteger();
        Promise<Void> allSent = Promise.promise();
        WebSocket writer = connect(client, room, "", frame -> {
            if (frame.containsKey("message") && echoed.incrementAndGet() == missed) {
                allSent.tryComplete();
            }
        });
        for (int i = 0; i < missed; i++) {
            writer.writeTextMessage(new JsonObject().put("message", "m" + i).encode());
        }
        allSent.future().await(30, TimeUnit.SECONDS);

        AtomicInteger recovered = new AtomicInteger();
        Promise<Long> done = Promise.promise();
        long start = System.nanoTime();
        WebSocket back = connect(
                client,
                room,
                "?offset=" + position.getLong("offset") + "&epoch=" + position.getString("epoch"),
                frame -> {
                    if (frame.containsKey("recovered") && !frame.getBoolean("recovered")) {
                        done.tryFail("not recovered: " + frame);
                    } else if (frame.containsKey("message") && recovered.incrementAndGet() == missed) {
                        done.tryComplete(System.nanoTime());
                    }
                });
        long end = done.future().await(30, TimeUnit.SECONDS);
        back.close().await(10, TimeUnit.SECONDS);
        writer.close().await(10, TimeUnit.SECONDS);
        return (end - start) / 1e6;
    }

    private WebSocket connect(
            WebSocketClient client, String room, String query, java.util.function.Consumer<JsonObject> frames)
            throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(url.getHost())
                .setPort(url.getPort())
                .setURI("/ws/chat/" + room + "/" + query)
                .addHeader("Origin", "http://" + url.getHost() + ":" + url.getPort());
        return client.connect(options)
                .map(ws -> ws.textMessageHandler(text -> frames.accept(new JsonObject(text))))
                .await(10, TimeUnit.SECONDS);
    }
}
