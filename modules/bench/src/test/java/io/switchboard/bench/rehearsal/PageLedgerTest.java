// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageLedgerTest {

    private static JsonObject message(int seq, String author, String user) {
        return new JsonObject()
                .put("message", new RehearsalText(seq, author, RehearsalText.now()).text())
                .put("user", user)
                .put("offset", seq)
                .put("epoch", "e1");
    }

    @Test
    void aTextReadsBackAndOtherTextsAreNotTheRehearsals() {
        RehearsalText text = new RehearsalText(7, "u1", -42);

        assertThat(RehearsalText.parse(text.text())).contains(text);
        assertThat(RehearsalText.parse("hello")).isEmpty();
        assertThat(RehearsalText.parse("rehearsal 1 two")).isEmpty();
    }

    @Test
    void aPageCountsDuplicatesAndWhetherItsOwnMessagesCameBackUnderItsName() {
        PageLedger alice = new PageLedger("alice", "r1");
        alice.frame(message(0, "alice", "alice"));
        alice.frame(message(1, "bob", "bob"));
        alice.frame(message(1, "bob", "bob"));
        alice.frame(new JsonObject().put("recovered", true));
        alice.frame(message(2, "alice", "anonymous"));

        assertThat(alice.duplicates()).isEqualTo(1);
        assertThat(alice.recovered()).isEqualTo(1);
        assertThat(alice.loggedInAtFirst()).isTrue();
        assertThat(alice.stayedLoggedIn()).isFalse();
        assertThat(alice.loggedInAtLast()).isFalse();
    }

    @Test
    void theReportCountsWhatAPageOfTheRoomMissedAndWhatNoPageGot() {
        PageLedger alice = new PageLedger("alice", "r1");
        PageLedger bob = new PageLedger("bob", "r1");
        alice.frame(message(0, "alice", "alice"));
        alice.frame(message(1, "bob", "bob"));
        bob.frame(message(0, "alice", "alice"));

        RehearsalReport report = RehearsalReport.of(Scenario.KILL, Map.of("r1", 3), List.of(alice, bob), List.of());

        assertThat(report.sent()).isEqualTo(3);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.lostOnTheWayIn()).isEqualTo(1);
        assertThat(report.delivered()).isEqualTo(3);
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.toJson().getLong("lost")).isEqualTo(1);
    }
}
