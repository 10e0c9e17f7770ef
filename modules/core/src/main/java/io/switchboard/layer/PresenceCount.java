// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import java.util.Collection;

/**
 * How many are present in a group: connections, and distinct users among them (one user may have several tabs).
 *
 * @param connections the entries, one per tracked connection
 * @param users the distinct {@link PresenceEntry#user()}s among them
 */
public record PresenceCount(int connections, int users) {

    /** Nobody. */
    public static final PresenceCount NONE = new PresenceCount(0, 0);

    /**
     * Counts entries.
     *
     * @param entries a group's entries
     * @return their count
     */
    public static PresenceCount of(Collection<PresenceEntry> entries) {
        return new PresenceCount(entries.size(), (int)
                entries.stream().map(PresenceEntry::user).distinct().count());
    }
}
