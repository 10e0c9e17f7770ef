// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's file-descriptor limit, which bounds how many sockets it can hold. */
public final class FileDescriptors {

    /** Assumed where the platform does not tell: a common soft limit. */
    private static final long UNKNOWN = 1024;

    private FileDescriptors() {}

    /** @return the most file descriptors this process may open */
    public static long limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : UNKNOWN;
    }
}
