// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.ChannelNames;

/**
 * The event-bus addresses of one layer configuration. Every process of a cluster that shares channels must use
 * the same prefix.
 *
 * @param prefix the start of every address
 */
record Addresses(String prefix) {

    /** A channel's address: a process-specific channel is routed by its non-local part, a normal one by name. */
    String channel(String channel) {
        return prefix + ".channel." + ChannelNames.nonLocalPart(channel);
    }

    /** A group's address, registered once by every process with members of it. */
    String group(String group) {
        return prefix + ".group." + group;
    }

    /** Where every layer instance listens for flush and claim messages. */
    String control() {
        return prefix + ".control";
    }

    /** @return the name of the cluster map that holds the group histories */
    String histories() {
        return prefix + ".history";
    }

    /** @return the name of the cluster map that holds the groups' presence */
    String presence() {
        return prefix + ".presence";
    }
}
