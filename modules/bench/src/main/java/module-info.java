// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmark programs: the load generator, the raw Vert.x baseline, and the layer and database benchmarks. Programs,
 * not a library: nothing is exported. picocli reads and sets the annotated fields of each package's commands.
 *
 * <p>HdrHistogram has no module name of its own: {@code HdrHistogram} is the name the JDK derives from the jar's file
 * name (HdrHistogram-2.2.2.jar carries neither a module descriptor nor an Automatic-Module-Name).
 */
module io.switchboard.bench {
    requires io.switchboard.core;
    requires io.switchboard.db;
    requires io.switchboard.layer.redis;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires info.picocli;
    requires jdk.management;
    requires org.slf4j;
    requires HdrHistogram;

    opens io.switchboard.bench to
            info.picocli;
    opens io.switchboard.bench.db to
            info.picocli;
    opens io.switchboard.bench.impl to
            info.picocli;
    opens io.switchboard.bench.redis to
            info.picocli;
    opens io.switchboard.bench.rehearsal to
            info.picocli;
}
