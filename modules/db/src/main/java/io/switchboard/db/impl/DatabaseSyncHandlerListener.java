// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import io.switchboard.consumer.spi.SyncHandlerListener;

/**
 * Releases the database connections a sync consumer's handler bound to its worker thread, once the handler
 * returns or throws: Channels' {@code SyncConsumer} calling {@code close_old_connections}. Registered in
 * {@code META-INF/services/io.switchboard.consumer.spi.SyncHandlerListener}.
 */
public final class DatabaseSyncHandlerListener implements SyncHandlerListener {

    /** Created by {@link java.util.ServiceLoader}. */
    public DatabaseSyncHandlerListener() {}

    @Override
    public void afterHandler() {
        SyncDatabaseImpl.releaseCurrentThread();
    }
}
