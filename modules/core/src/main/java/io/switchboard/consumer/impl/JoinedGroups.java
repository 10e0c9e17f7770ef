// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import java.util.Arrays;

/** The groups a connection joined, to leave when it ends; usually one, so a bare array. */
final class JoinedGroups {

    private static final String[] NONE = {};

    private String[] groups = NONE;

    void joined(String group) {
        if (indexOf(group) < 0) {
            groups = Arrays.copyOf(groups, groups.length + 1);
            groups[groups.length - 1] = group;
        }
    }

    void left(String group) {
        int i = indexOf(group);
        if (i >= 0) {
            String[] rest = new String[groups.length - 1];
            System.arraycopy(groups, 0, rest, 0, i);
            System.arraycopy(groups, i + 1, rest, i, rest.length - i);
            groups = rest;
        }
    }

    /** @return every group joined, forgetting them all: the connection is leaving */
    String[] takeAll() {
        String[] all = groups;
        groups = NONE;
        return all;
    }

    private int indexOf(String group) {
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].equals(group)) {
                return i;
            }
        }
        return -1;
    }
}
