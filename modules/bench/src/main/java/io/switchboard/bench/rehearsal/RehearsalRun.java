// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One rehearsal from start to end: starts the nodes on the event-bus layer one after the other and HAProxy in front
 * of them, signs up the pages (one account each) and opens them, sends {@code rate} messages a second into each
 * room, each page of the room in turn, plays the scenario with {@code steady} seconds of traffic before, between and
 * after its steps, stops sending, gives the pages time to catch up, and adds up what they saw. Stops everything it
 * started, whatever happens. Blocking: run it on a thread of its own (not an event loop).
 */
public final class RehearsalRun implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final String PASSWORD = "rehearsal-password";

    private final RehearsalPlan plan;
    private final Consumer<String> progress;
    private final List<ChatNode> nodes = new ArrayList<>();
    private final List<RecoveringClient> pages = new ArrayList<>();
    private final List<RecoveringClient> newPages = new ArrayList<>();
    private final Map<String, List<RecoveringClient>> rooms = new LinkedHashMap<>();
    private final Map<String, Integer> sent = new ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    // Vert.x closes clients nobody references: the run keeps them until it is closed
    private final HttpClient http = vertx.createHttpClient();
    private final WebSocketClient ws = vertx.createWebSocketClient();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private Balancer balancer;
    private long traffic = -1;

    /**
     * @param plan what to do
     * @param progress told, one line at a time, what the run is doing
     */
    public RehearsalRun(RehearsalPlan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Runs the rehearsal and adds up the figures. */
    public RehearsalReport run() throws Exception {
        Files.createDirectories(plan.dir());
        createNodes();
        List<ChatNode> running = nodes.subList(0, plan.nodes());
        for (ChatNode node : running) {
            startNode(node);
        }
        balancer = Balancer.start(plan.haproxy(), plan.dir(), plan.balancerPort(), nodes, running, plan.check());
        for (ChatNode node : running) {
            balancer.await(node, "UP", START);
        }
        progress.accept(plan.nodes() + " nodes ready behind HAProxy on 127.0.0.1:" + plan.balancerPort());
        openPages();
        startTraffic();
        steady();
        switch (plan.scenario()) {
            case ROLLING -> rollingRestart();
            case KILL -> killOne();
            case SCALE -> scaleOut();
        }
        vertx.cancelTimer(traffic);
        progress.accept("traffic stopped; waiting for the pages to catch up");
        awaitCaughtUp();
        return RehearsalReport.of(
                plan.scenario(),
                Map.copyOf(sent),
                pages.stream().map(RecoveringClient::ledger).toList(),
                newPages.stream().map(RecoveringClient::ledger).toList());
    }

    private void createNodes() {
        String members = "";
        for (int i = 0; i < plan.slots(); i++) {
            members += (i == 0 ? "" : ",") + "127.0.0.1:" + port(i, 1);
        }
        for (int i = 0; i < plan.slots(); i++) {
            Map<String, String> env = new HashMap<>();
            env.put("SWITCHBOARD_HOST", "127.0.0.1");
            env.put("SWITCHBOARD_DB_URL", "jdbc:h2:file:" + plan.dir().resolve("chat") + ";AUTO_SERVER=TRUE");
            // pages sign up and send from one address, through one proxy: the per-address limits would refuse them
            env.put("SWITCHBOARD_RATE_MESSAGES", "0");
            env.put("SWITCHBOARD_RATE_BYTES", "0");
            env.put("SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "0");
            // a start on a busy machine can take a while: the start bound is the rehearsal's, not the join's
            env.put("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", String.valueOf(START.toSeconds()));
            env.put("SWITCHBOARD_DB_CONNECT_TIMEOUT", "30000");
            env.putAll(plan.settings());
            env.put("SWITCHBOARD_PORT", String.valueOf(port(i, 0)));
            env.put("SWITCHBOARD_LAYER", "eventbus");
            env.put("SWITCHBOARD_CLUSTER_NAME", "rehearsal-" + runId);
            env.put("SWITCHBOARD_CLUSTER_MEMBERS", members);
            env.put("SWITCHBOARD_CLUSTER_PORT", String.valueOf(port(i, 1)));
            env.put("SWITCHBOARD_MANAGEMENT_PORT", String.valueOf(port(i, 2)));
            String name = "node" + (i + 1);
            nodes.add(new ChatNode(
                    name, plan.root(), plan.chatJar(), plan.dir().resolve(name + ".log"), port(i, 0), port(i, 2), env));
        }
    }

    private int port(int node, int which) {
        return plan.ports().get(node * RehearsalPlan.PORTS_PER_NODE + which);
    }

    /** Starts a node and waits until it listens: it has joined the cluster by then. */
    private void startNode(ChatNode node) throws IOException, InterruptedException {
        node.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!listening(node)) {
            if (!node.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " did not start; its last lines:\n" + node.tail());
            }
            Thread.sleep(100);
        }
        progress.accept(node + " listening");
    }

    private static boolean listening(ChatNode node) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void openPages() throws Exception {
        for (int r = 0; r < plan.rooms(); r++) {
            String room = "rehearsal-" + runId + "-" + (r + 1);
            List<RecoveringClient> members = new ArrayList<>();
            for (int p = 0; p < plan.pagesPerRoom(); p++) {
                RecoveringClient page = page(room, "r" + (r + 1) + "p" + (p + 1));
                members.add(page);
                pages.add(page);
            }
            rooms.put(room, members);
            sent.put(room, 0);
        }
        awaitOpen(pages);
        progress.accept(pages.size() + " pages logged in and connected");
    }

    /** Signs up a user (which logs it in) and opens its page with the session cookie. */
    private RecoveringClient page(String room, String tag) throws Exception {
        String username = "u" + runId + tag;
        String cookie = signUp(username);
        RecoveringClient page =
                new RecoveringClient(vertx, ws, plan.balancerPort(), room, cookie, new PageLedger(username, room));
        page.connect();
        return page;
    }

    private String signUp(String username) throws Exception {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(plan.balancerPort())
                .setURI("/chat/api/signup")
                .putHeader("Content-Type", "application/json")
                .putHeader("Origin", "http://127.0.0.1:" + plan.balancerPort());
        String body = new JsonObject()
                .put("username", username)
                .put("password", PASSWORD)
                .encode();
        return http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> cookie(username, response, answer)))
                .await(30, TimeUnit.SECONDS);
    }

    private static String cookie(String username, HttpClientResponse response, Buffer answer) {
        if (response.statusCode() != 201 || response.cookies().isEmpty()) {
            throw new IllegalStateException(
                    "sign-up of " + username + " answered " + response.statusCode() + ": " + answer);
        }
        return response.cookies().get(0).split(";", 2)[0];
    }

    private void awaitOpen(List<RecoveringClient> opening) throws Exception {
        try {
            Future.all(opening.stream().map(RecoveringClient::firstOpened).toList())
                    .await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("pages not connected within 30 s", e);
        }
    }

    /** Each room gets {@code rate} messages a second, from its pages in turn, on a schedule that catches up. */
    private void startTraffic() {
        long start = System.nanoTime();
        traffic = vertx.setPeriodic(5, t -> {
            long due = (System.nanoTime() - start) * plan.rate() / 1_000_000_000L;
            rooms.forEach((room, members) -> {
                for (int seq = sent.get(room); seq < due; seq++) {
                    RecoveringClient author = members.get(seq % members.size());
                    RehearsalText text = new RehearsalText(seq, author.ledger().name(), RehearsalText.now());
                    author.publish(new JsonObject().put("message", text.text()));
                    sent.put(room, seq + 1);
                }
            });
        });
        progress.accept("sending " + plan.rate() + " messages/s into each of " + plan.rooms() + " rooms");
    }

    private void steady() throws InterruptedException {
        Thread.sleep(plan.steady().toMillis());
    }

    /** SIGTERM, wait for the exit, start, wait until ready: one node after the other, as a rolling update. */
    private void rollingRestart() throws Exception {
        for (ChatNode node : nodes.subList(0, plan.nodes())) {
            long began = System.nanoTime();
            node.terminate();
            int status = node.awaitExit(drainBound());
            progress.accept(node.name() + " exited with " + status + " after " + millisSince(began) + " ms");
            startNode(node);
            balancer.await(node, "UP", START);
            progress.accept(node.name() + " ready again " + millisSince(began) + " ms after its SIGTERM");
            steady();
        }
    }

    /** kill -9 of the second node; once the balancer has taken it out, it starts again, as its pod would. */
    private void killOne() throws Exception {
        ChatNode victim = nodes.get(Math.min(1, plan.nodes() - 1));
        long began = System.nanoTime();
        victim.kill();
        progress.accept(victim.name() + " killed (SIGKILL)");
        balancer.await(victim, "DOWN", START);
        progress.accept(victim.name() + " out of HAProxy after " + millisSince(began) + " ms");
        steady();
        startNode(victim);
        balancer.await(victim, "UP", START);
        progress.accept(victim.name() + " ready again " + millisSince(began) + " ms after the kill");
        steady();
    }

    /** Starts one more node, waits until it is ready, and opens as many new pages as there are rooms, twice. */
    private void scaleOut() throws Exception {
        ChatNode added = nodes.get(plan.nodes());
        startNode(added);
        balancer.enable(added);
        balancer.await(added, "UP", START);
        progress.accept(added.name() + " ready; opening new pages");
        int round = 0;
        for (String room : rooms.keySet()) {
            round++;
            for (int p = 0; p < plan.nodes() + 1; p++) {
                newPages.add(page(room, "r" + round + "new" + (p + 1)));
            }
        }
        awaitOpen(newPages);
        steady();
    }

    private Duration drainBound() {
        long drain = Long.parseLong(plan.settings().getOrDefault("SWITCHBOARD_DRAIN_PERIOD", "10"));
        return Duration.ofSeconds(drain + 30);
    }

    /**
     * Waits until every page has every message sent to its room, or until no page has received anything for
     * {@link #QUIET}: what is still on its way then is lost. At most {@link #CATCH_UP}.
     */
    private void awaitCaughtUp() throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        long received = -1;
        long changed = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - changed < QUIET.toNanos()) {
            boolean all = true;
            for (Map.Entry<String, List<RecoveringClient>> room : rooms.entrySet()) {
                BitSet everything = new BitSet();
                everything.set(0, sent.get(room.getKey()));
                all &= room.getValue().stream().allMatch(page -> page.ledger().hasAll(everything));
            }
            if (all) {
                // a last look for late duplicates
                Thread.sleep(500);
                return;
            }
            long now = pages.stream()
                    .mapToLong(page -> page.ledger().received().cardinality())
                    .sum();
            if (now != received) {
                received = now;
                changed = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Closes the pages, HAProxy and every node (SIGTERM, SIGKILL after 30 s). */
    @Override
    public void close() throws Exception {
        pages.forEach(RecoveringClient::close);
        newPages.forEach(RecoveringClient::close);
        if (balancer != null) {
            balancer.close();
        }
        for (ChatNode node : nodes) {
            node.stop(Duration.ofSeconds(30));
        }
        ws.close().await(10, TimeUnit.SECONDS);
        http.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
