// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Needs PostgreSQL on 127.0.0.1:5432: skipped without it, failed without it when {@code CI=true}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresSeamAndTroubleIT extends SeamAndTroubleScenarios {

    @Override
    TestDatabase newDatabase() throws Exception {
        return new PostgresTestDatabase();
    }
}
