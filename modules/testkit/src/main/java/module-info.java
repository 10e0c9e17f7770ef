// SPDX-License-Identifier: Apache-2.0
/**
 * Test helpers for Switchboard applications and backends: {@code WebSocketCommunicator}, {@code InMemoryTransport}
 * and the channel layer contract suite. The suite is a JUnit 5 base class that runs with the Vert.x JUnit 5
 * extension, so a test that extends it reads JUnit and vertx-junit5 through this module.
 */
module io.switchboard.testkit {
    requires transitive io.switchboard.core;
    requires transitive io.vertx.testing.junit5;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.switchboard.testkit;
    // JUnit calls the suite's package-private test methods reflectively
    opens io.switchboard.testkit to
            org.junit.platform.commons;
}
