// SPDX-License-Identifier: Apache-2.0
/**
 * The reference application: the tutorial's chat with accounts, history, recovery and presence, and the JavaScript
 * client it serves. An application, not a library: it exports nothing. It runs from its shaded jar, on the class
 * path.
 */
module io.switchboard.chat {
    requires static io.vertx.codegen.api;
    requires static io.vertx.codegen.json;
    requires io.switchboard.launcher;
    requires io.switchboard.db;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    // Resources read through class loaders: the JavaScript client by Vert.x Web's StaticHandler, the schema by Flyway
    opens webroot.chat;
    opens db.migration.chat;
}
