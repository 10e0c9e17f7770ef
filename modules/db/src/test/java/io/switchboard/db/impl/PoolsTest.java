// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.db.DatabaseOptions;
import org.junit.jupiter.api.Test;

/** The URL the pools connect with: what Switchboard adds to a PostgreSQL URL, and what it leaves to the operator. */
class PoolsTest {

    @Test
    void aPostgresUrlGetsTheApplicationNameAndBatchedInserts() {
        DatabaseOptions options =
                new DatabaseOptions().setUrl("jdbc:postgresql://db:5432/chat").setApplicationName("chat 1");

        assertThat(Pools.url(options))
                .isEqualTo("jdbc:postgresql://db:5432/chat?ApplicationName=chat+1&reWriteBatchedInserts=true");
    }

    @Test
    void whatTheOperatorSetStays() {
        DatabaseOptions options = new DatabaseOptions()
                .setUrl("jdbc:postgresql://db/chat?sslmode=require&applicationName=mine&reWriteBatchedInserts=false");

        assertThat(Pools.url(options)).isEqualTo(options.getUrl());
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        DatabaseOptions options = new DatabaseOptions().setUrl("jdbc:h2:mem:chat;DB_CLOSE_DELAY=-1");

        assertThat(Pools.url(options)).isEqualTo(options.getUrl());
    }
}
