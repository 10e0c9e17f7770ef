// SPDX-License-Identifier: Apache-2.0
/**
 * Blocking database access on worker verticles: units of work with one JDBC connection each, the sync view for
 * worker threads, and Flyway migrations. Exports the API only; {@code .impl} is this module's own.
 *
 * <p>Flyway has no module name of its own: {@code flyway.core} is the name the JDK derives from the jar's file name
 * (flyway-core-11.8.2.jar carries neither a module descriptor nor an Automatic-Module-Name). An application on the
 * module path opens the package of its migrations, as Flyway reads them as class-path resources.
 */
module io.switchboard.db {
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;
    requires transitive io.vertx.core;
    requires transitive io.vertx.sql.client;
    requires transitive java.sql;
    requires transitive io.switchboard.core;
    requires io.vertx.sql.client.jdbc;
    requires com.zaxxer.hikari;
    requires flyway.core;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports io.switchboard.db;

    provides io.switchboard.consumer.spi.SyncHandlerListener with
            io.switchboard.db.impl.DatabaseSyncHandlerListener;
}
