// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time and resident memory of this process and of a server process (Linux {@code /proc}).
 */
public final class ProcessProbe {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private ProcessProbe() {}

    /** @return CPU time used by this JVM so far, in nanoseconds */
    public static long ownCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    /**
     * Resident memory of a process, from the {@code VmRSS} line of {@code /proc/<pid>/status}.
     *
     * @param pid  the process id
     * @return the resident set in KiB, or -1 when it cannot be read
     */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String value = line.substring(6).trim();
                    int space = value.indexOf(' ');
                    return Long.parseLong(space < 0 ? value : value.substring(0, space));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU time of another process (user + system), from {@code /proc/<pid>/stat}.
     *
     * @param pid  the process id
     * @return CPU time in nanoseconds, or -1 when it cannot be read
     */
    public static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces; the fields we want follow its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The soft limit on open files of this process, from {@code /proc/self/limits}.
     *
     * @return the limit, or -1 when unknown or unlimited
     */
    public static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts =
                            line.substring("Max open files".length()).trim().split("\\s+");
                    return "unlimited".equals(parts[0]) ? -1 : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
