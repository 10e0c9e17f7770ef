// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one rehearsal. A message is <em>accepted</em> when some page of its room received it (the server
 * took it and numbered it); one that was sent and that no page received was lost on its way in. A page should receive
 * every accepted message of its room once: those it did not are lost deliveries, those it got twice duplicates.
 *
 * @param scenario what happened to the nodes
 * @param pages the pages at the start
 * @param sent messages the pages were asked to send
 * @param unsent of those, the ones a page could not send (too many of its messages were waiting to come back)
 * @param accepted messages some page of their room received
 * @param lostOnTheWayIn sent but received by no page
 * @param resent messages a page sent again on a new connection, not having seen them come back
 * @param resentDropped of those, the copies the room already had and dropped ({@code {"ack", "duplicate"}})
 * @param delivered deliveries to pages, each message counted once per page
 * @param lost accepted messages a page of their room never received
 * @param duplicated messages a page received more than once (each extra copy counts)
 * @param reconnects connections opened after each page's first
 * @param refusals connection attempts that failed (refused, 503, a node gone)
 * @param recovered {@code {"recovered": true}} answers
 * @param notRecovered {@code {"recovered": false}} answers: a gap the page had to reload
 * @param loggedInAtFirst pages whose first own message came back under their username
 * @param stayedLoggedIn pages whose every own message came back under their username
 * @param loggedInAtLast pages whose last own message came back under their username
 * @param longestGapMillis the longest time a page went without a message, between two of them
 * @param maxLatencyMillis the longest time from a message's sending to a page's receiving it
 * @param closes how the pages' connections ended, by close code ({@code none}: no close frame, the connection broke)
 * @param errors error frames the pages received, by code
 * @param firstNodes how many pages each node served first
 * @param newPagesOnNodes for {@link Scenario#SCALE}, where the pages opened after the scaling landed
 */
public record RehearsalReport(
        Scenario scenario,
        int pages,
        long sent,
        long unsent,
        long accepted,
        long lostOnTheWayIn,
        long resent,
        long resentDropped,
        long delivered,
        long lost,
        long duplicated,
        long reconnects,
        long refusals,
        long recovered,
        long notRecovered,
        int loggedInAtFirst,
        int stayedLoggedIn,
        int loggedInAtLast,
        long longestGapMillis,
        long maxLatencyMillis,
        Map<String, Integer> closes,
        Map<String, Integer> errors,
        Map<String, Integer> firstNodes,
        Map<String, Integer> newPagesOnNodes) {

    /**
     * Adds up the pages' ledgers.
     *
     * @param scenario what happened
     * @param sentPerRoom how many messages each room's pages were asked to send, by room
     * @param pages the ledgers of the pages there from the start
     * @param newPages the ledgers of pages opened after a scaling (their deliveries are not counted)
     */
    static RehearsalReport of(
            Scenario scenario, Map<String, Integer> sentPerRoom, List<PageLedger> pages, List<PageLedger> newPages) {
        Map<String, BitSet> acceptedPerRoom = new TreeMap<>();
        for (PageLedger page : pages) {
            acceptedPerRoom.computeIfAbsent(page.room(), room -> new BitSet()).or(page.received());
        }
        long sent = sentPerRoom.values().stream().mapToLong(Integer::longValue).sum();
        long accepted =
                acceptedPerRoom.values().stream().mapToLong(BitSet::cardinality).sum();
        long delivered = 0;
        long lost = 0;
        Map<String, Integer> closes = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> firstNodes = new TreeMap<>();
        for (PageLedger page : pages) {
            BitSet received = page.received();
            BitSet missing = (BitSet) acceptedPerRoom.get(page.room()).clone();
            missing.andNot(received);
            delivered += received.cardinality();
            lost += missing.cardinality();
            page.closes().forEach((code, n) -> closes.merge(code, n, Integer::sum));
            page.errors().forEach((code, n) -> errors.merge(code, n, Integer::sum));
            firstNodes.merge(String.valueOf(page.firstNode()), 1, Integer::sum);
        }
        Map<String, Integer> newPagesOnNodes = new TreeMap<>();
        newPages.forEach(page -> newPagesOnNodes.merge(String.valueOf(page.firstNode()), 1, Integer::sum));
        return new RehearsalReport(
                scenario,
                pages.size(),
                sent,
                pages.stream().mapToLong(PageLedger::unsent).sum(),
                accepted,
                sent - accepted,
                pages.stream().mapToLong(PageLedger::resent).sum(),
                pages.stream().mapToLong(PageLedger::resentDropped).sum(),
                delivered,
                lost,
                pages.stream().mapToLong(PageLedger::duplicates).sum(),
                pages.stream().mapToLong(PageLedger::reconnects).sum(),
                pages.stream().mapToLong(PageLedger::refusals).sum(),
                pages.stream().mapToLong(PageLedger::recovered).sum(),
                pages.stream().mapToLong(PageLedger::notRecovered).sum(),
                (int) pages.stream().filter(PageLedger::loggedInAtFirst).count(),
                (int) pages.stream().filter(PageLedger::stayedLoggedIn).count(),
                (int) pages.stream().filter(PageLedger::loggedInAtLast).count(),
                pages.stream().mapToLong(PageLedger::longestGapMillis).max().orElse(0),
                pages.stream().mapToLong(PageLedger::maxLatencyMillis).max().orElse(0),
                closes,
                errors,
                firstNodes,
                newPagesOnNodes);
    }

    /** @return the figures as one JSON object, for the {@code RESULT} line */
    public JsonObject toJson() {
        return new JsonObject()
                .put("scenario", scenario.name().toLowerCase(Locale.ROOT))
                .put("pages", pages)
                .put("sent", sent)
                .put("unsent", unsent)
                .put("accepted", accepted)
                .put("lostOnTheWayIn", lostOnTheWayIn)
                .put("resent", resent)
                .put("resentDropped", resentDropped)
                .put("delivered", delivered)
                .put("lost", lost)
                .put("duplicated", duplicated)
                .put("reconnects", reconnects)
                .put("refusals", refusals)
                .put("recovered", recovered)
                .put("notRecovered", notRecovered)
                .put("loggedInAtFirst", loggedInAtFirst)
                .put("stayedLoggedIn", stayedLoggedIn)
                .put("loggedInAtLast", loggedInAtLast)
                .put("longestGapMillis", longestGapMillis)
                .put("maxLatencyMillis", maxLatencyMillis)
                .put("closes", new JsonObject(new TreeMap<String, Object>(closes)))
                .put("errors", new JsonObject(new TreeMap<String, Object>(errors)))
                .put("firstNodes", new JsonObject(new TreeMap<String, Object>(firstNodes)))
                .put("newPagesOnNodes", new JsonObject(new TreeMap<String, Object>(newPagesOnNodes)));
    }

    /** @return the figures for a person */
    public String describe() {
        return String.format(
                "%s: %d pages; messages sent %d (unsent %d), accepted %d, lost on the way in %d;"
                        + " sent again %d (of which the room already had %d);%n"
                        + "  deliveries %d, lost %d, duplicated %d; reconnects %d (refused attempts %d),"
                        + " recovered %d, not recovered %d;%n"
                        + "  logged in: at first %d, throughout %d, at the end %d of %d;"
                        + " longest gap %d ms, max latency %d ms;%n"
                        + "  closes by code %s, errors %s, pages per node at first %s%s",
                scenario.name().toLowerCase(Locale.ROOT),
                pages,
                sent,
                unsent,
                accepted,
                lostOnTheWayIn,
                resent,
                resentDropped,
                delivered,
                lost,
                duplicated,
                reconnects,
                refusals,
                recovered,
                notRecovered,
                loggedInAtFirst,
                stayedLoggedIn,
                loggedInAtLast,
                pages,
                longestGapMillis,
                maxLatencyMillis,
                closes,
                errors,
                firstNodes,
                newPagesOnNodes.isEmpty() ? "" : ", new pages per node " + newPagesOnNodes);
    }
}
