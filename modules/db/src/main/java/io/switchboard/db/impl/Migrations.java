// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Flyway, on H2 and PostgreSQL alike. Blocking. */
final class Migrations {

    private Migrations() {}

    static int migrate(DataSource dataSource, ClassLoader classLoader, String[] locations) {
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations(locations)
                // a misspelt location should fail loudly, not migrate nothing
                .failOnMissingLocations(true)
                .load();
        return flyway.migrate().migrationsExecuted;
    }
}
