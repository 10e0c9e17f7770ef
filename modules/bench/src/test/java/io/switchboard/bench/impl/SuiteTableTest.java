// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteTableTest {

    private static String line(String c, String target, int rep, double rate, double p99, long lost) {
        JsonObject r = new JsonObject()
                .put("complete", lost == 0)
                .put("deliveriesPerSec", rate)
                .put("p99Ms", p99)
                .put("lost", lost)
                .put("clientCpuPct", 150.0);
        return c + "\t" + target + "\t" + rep + "\t" + r.encode();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        List<JsonObject> three =
                List.of(new JsonObject().put("x", 5), new JsonObject().put("x", 1), new JsonObject().put("x", 3));
        assertThat(SuiteTable.median(three, "x")).isEqualTo(3.0);
        List<JsonObject> four = List.of(
                new JsonObject().put("x", 4),
                new JsonObject().put("x", 1),
                new JsonObject().put("x", 3),
                new JsonObject().put("x", 100));
        assertThat(SuiteTable.median(four, "x")).isEqualTo(3.5);
        assertThat(SuiteTable.median(List.of(new JsonObject()), "x")).isNull();
    }

    @Test
    void ratiosAreMediansOverTheBaselineWithTheGoalVerdict() {
        String table = SuiteTable.render(List.of(
                line("B1", "baseline", 1, 100_000, 5, 0),
                line("B1", "switchboard", 1, 95_000, 6, 0),
                line("B1", "baseline", 2, 200_000, 5, 0),
                line("B1", "switchboard", 2, 80_000, 6, 2),
                line("B1", "baseline", 3, 150_000, 5, 0),
                line("B1", "switchboard", 3, 90_000, 6, 0),
                line("R1", "baseline", 1, 2_000, 2.0, 0),
                line("R1", "switchboard", 1, 2_000, 4.0, 0)));
        // B1 medians 150,000 and 90,000: 0.60, below the 0.90 goal
        assertThat(table).containsPattern("B1\\s+deliveries/s\\s+150,000\\s+90,000\\s+0.60 MISS\\s+>= 0.90x");
        assertThat(table).containsPattern("B1\\s+lost \\(max\\)\\s+0\\s+2\\s");
        assertThat(table).containsPattern("B1\\s+runs ok\\s+3/3\\s+2/3");
        // R1 p99 4 ms against 2 ms: 2.00, above the 1.5 limit
        assertThat(table).containsPattern("R1\\s+p99 ms\\s+2.00\\s+4.00\\s+2.00 MISS\\s+<= 1.50x");
    }

    private static String run(String c, String target, double serverCpuPct, double seconds, long delivered) {
        return run(c, target, serverCpuPct, seconds, delivered, 0);
    }

    private static String run(
            String c, String target, double serverCpuPct, double seconds, long delivered, long errorFrames) {
        JsonObject r = new JsonObject()
                .put("errorFrames", errorFrames)
                .put("complete", true)
                .put("deliveriesPerSec", delivered / seconds)
                .put("serverCpuPct", serverCpuPct)
                .put("seconds", seconds)
                .put("delivered", delivered)
                .put("lost", 0);
        return c + "\t" + target + "\t1\t" + r.encode();
    }

    @Test
    void serverCpuPerDeliveryIsDerivedAndJudgedPerTarget() {
        String table = SuiteTable.render(List.of(
                // 100 % of a core for 2 s over 400,000 deliveries: 5 us each
                run("B2/node", "baseline", 100, 2, 400_000),
                // 5.25 us: 1.05, within the tutorial's 1.1
                run("B2/node", "tutorial", 105, 2, 400_000),
                // 7.5 us: 1.50, beyond the chat's 1.3
                run("B2/node", "chat", 150, 2, 400_000),
                // 30 us against 20 us: 1.50, within the chat's 1.5 on E
                run("E1/java", "baseline", 40, 0.5, 10_000),
                run("E1/java", "chat", 60, 0.5, 10_000)));
        assertThat(table)
                .containsPattern("B2/node\\s+server µs/delivery\\s+5.00\\s+5.25\\s+7.50\\s+1.05 ok\\s+1.50 MISS");
        assertThat(table).containsPattern("E1/java\\s+server µs/round trip\\s+20.00\\s+-\\s+30.00\\s+-\\s+1.50 ok");
    }

    @Test
    void aRunWithoutTheServersCpuHasNoCpuPerDelivery() {
        JsonObject r = SuiteTable.withCpuPerDelivery(
                new JsonObject().put("seconds", 1.0).put("delivered", 10));
        assertThat(r.containsKey(SuiteTable.CPU_PER_DELIVERY)).isFalse();
    }

    @Test
    void errorFramesShowTheirWorstRunBesideTheLost() {
        String table = SuiteTable.render(List.of(
                run("B3/java", "baseline", 100, 2, 400_000),
                run("B3/java", "chat", 150, 2, 400_000, 0),
                run("B3/java", "chat", 150, 2, 400_000, 26_961)));

        assertThat(table).containsPattern("B3/java\\s+error frames \\(max\\)\\s+0\\s+26,961\\s+-\\s+0");
    }

    @Test
    void aRunThatNeverMeasuredShowsNoLossRatherThanNone() {
        String table = SuiteTable.render(List.of(
                line("B2/node", "baseline", 1, 100_000, 5, 0),
                "B2/node\ttutorial\t1\t{\"complete\":false,\"stopReason\":\"connect failed\"}"));
        assertThat(table).containsPattern("B2/node\\s+lost \\(max\\)\\s+0\\s+-\\s");
        assertThat(table).containsPattern("B2/node\\s+runs ok\\s+1/1\\s+0/1");
    }

    @Test
    void aMalformedLineIsNamed() {
        assertThatThrownBy(() -> SuiteTable.render(List.of("B1 baseline 1 {}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("B1 baseline 1 {}");
    }
}
