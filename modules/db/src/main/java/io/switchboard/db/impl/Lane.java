// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import java.util.ArrayDeque;

/**
 * The sequence of one ordered view: at most one of its units is queued as ready or running at a time, the rest
 * wait here in submission order. Guarded by the dispatcher's lock.
 */
final class Lane {

    final ArrayDeque<Unit<?>> pending = new ArrayDeque<>();
    boolean busy;
}
