// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.HistoryPolicy;
import java.util.function.Function;

/**
 * Which groups keep a history, for a backend: the rules of its options ({@code layer.groupHistory}) and those an
 * application adds at run time ({@code ChannelLayer.keepHistory}). Thread-safe: a lookup reads one volatile field,
 * an addition replaces it.
 */
public final class HistoryRules implements Function<String, HistoryPolicy> {

    private volatile ChannelLayerOptions rules;

    /** @param options the layer's options; copied */
    public HistoryRules(ChannelLayerOptions options) {
        this.rules = new ChannelLayerOptions(options);
    }

    /**
     * Adds a rule; it comes after the others, which win for the groups they match too.
     *
     * @param glob the group name pattern
     * @param policy how those groups keep their history
     */
    public synchronized void keep(String glob, HistoryPolicy policy) {
        ChannelLayerOptions next = new ChannelLayerOptions(rules);
        next.putGroupHistory(glob, policy.size(), policy.ttlSeconds());
        rules = next;
    }

    /**
     * @param group a group name
     * @return how the group keeps its history, or {@code null} if it keeps none
     */
    @Override
    public HistoryPolicy apply(String group) {
        return rules.historyOf(group);
    }

    /**
     * @param group a group name
     * @return whether messages to the group are numbered and kept
     */
    public boolean keepsHistory(String group) {
        return apply(group) != null;
    }

    /**
     * @param group a group that keeps no history
     * @return the failure of a read of its history
     */
    public static ChannelLayerException noHistory(String group) {
        return new ChannelLayerException(
                "Group '" + group + "' keeps no history; give it one with layer.groupHistory or keepHistory", null);
    }
}
