// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import io.switchboard.testsupport.Postgres;

/**
 * A private schema in the shared PostgreSQL ({@link Postgres}), and an application name that tells this test's
 * connections apart in pg_stat_activity. When PostgreSQL is down the test is skipped, or fails when CI=true.
 */
final class PostgresBackend implements Backend {

    private final String schema;
    private final String applicationName;

    PostgresBackend() {
        Postgres.require();
        this.schema = Postgres.uniqueName("sb_db_it_");
        this.applicationName = schema.replace('_', '-');
        Postgres.admin("CREATE SCHEMA " + schema);
    }

    String applicationName() {
        return applicationName;
    }

    @Override
    public DatabaseOptions options() {
        return new DatabaseOptions()
                .setUrl(Postgres.SERVER + Postgres.TEST_DATABASE + "?currentSchema=" + schema)
                .setUser(Postgres.USER)
                .setApplicationName(applicationName);
    }

    @Override
    public String sessionIdSql() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    public String countSessionsSql() {
        return "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + applicationName + "'";
    }

    @Override
    public void close() {
        Postgres.admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
