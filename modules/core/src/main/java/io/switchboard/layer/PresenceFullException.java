// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

/**
 * A group already holds the most presence entries {@code layer.presenceMaxEntries} allows: the connection is not
 * listed, though it may still be a member of the group. Made without a stack trace: it is an expected failure.
 */
public final class PresenceFullException extends ChannelLayerException {

    private final String group;

    /**
     * @param group the full group
     * @param max its limit
     */
    public PresenceFullException(String group, int max) {
        super(
                "Group '" + group + "' already lists " + max
                        + " present connections, the most layer.presenceMaxEntries allows",
                null,
                false);
        this.group = group;
    }

    /** @return the full group */
    public String group() {
        return group;
    }
}
