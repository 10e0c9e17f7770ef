// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Joins a connection's history to its live messages without a gap or a duplicate. The consumer joins the room's
 * group first and loads the history after, so every message is live, stored, or both: live messages that come
 * while the history loads wait here, and live messages the history already holds are skipped, whenever they come.
 * Touched on the connection's event loop only.
 */
final class HistorySeam {

    /** Live messages kept while the history loads; past it the oldest go (the history shows them, if stored). */
    static final int MAX_WAITING = 1000;

    private ArrayDeque<JsonObject> waiting = new ArrayDeque<>();
    /** Ids of history messages not yet seen live; made only when the history has any (a seam per connection). */
    private Set<String> inHistory = Set.of();

    private String oldestKept;

    /** @return whether the history has not come in yet */
    boolean loading() {
        return waiting != null;
    }

    /**
     * A live message arrived.
     *
     * @param event the layer message, with the message's id when it has one
     * @return whether to send it now: not while the history loads (it waits here), nor when the history held it
     */
    boolean live(JsonObject event) {
        if (waiting != null) {
            if (waiting.size() == MAX_WAITING) {
                waiting.poll();
            }
            waiting.add(event);
            return false;
        }
        return shows(event);
    }

    /**
     * The history came in; the consumer sends it, then the live messages this returns.
     *
     * @param history the room's recent messages, oldest first, each with its id
     * @param limit how many were asked for: a full history cuts off older messages, and so do the live ones
     * @return the live messages that waited for the history and that it does not hold, in arrival order
     */
    List<JsonObject> loaded(List<JsonObject> history, int limit) {
        if (!history.isEmpty()) {
            inHistory = new HashSet<>();
            for (JsonObject message : history) {
                inHistory.add(message.getString("id"));
            }
        }
        if (limit > 0 && history.size() >= limit) {
            oldestKept = history.get(0).getString("id");
        }
        ArrayDeque<JsonObject> waited = waiting;
        waiting = null;
        List<JsonObject> send = new ArrayList<>();
        for (JsonObject event : waited) {
            if (shows(event)) {
                send.add(event);
            }
        }
        return send;
    }

    /**
     * The history could not be loaded: go live without it.
     *
     * @return the live messages that waited, in arrival order
     */
    List<JsonObject> failed() {
        return loaded(List.of(), 0);
    }

    private boolean shows(JsonObject event) {
        if (oldestKept == null && inHistory.isEmpty()) {
            // nothing to hold back: the usual case once the history's messages have come live
            return true;
        }
        String id = event.getValue("id") instanceof String text ? text : null;
        if (id == null) {
            return true;
        }
        if (!inHistory.isEmpty() && inHistory.remove(id)) {
            // each id comes live at most once: forget it
            return false;
        }
        // older than a full history's first message: it was cut off, and showing it now would break the order
        return oldestKept == null || id.compareTo(oldestKept) > 0;
    }
}
