// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for a service or program a test needs but does not find: with {@code CI=true} the test fails, since
 * {@code .ci/run} must have provided it; otherwise it is skipped with the reason printed. Call from the JUnit thread.
 */
public final class Services {

    /** Whether this run is CI's ({@code CI=true}), where nothing a test needs may be missing. */
    public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    /** Debian's interpreter: the first python3 on PATH may be another build without Debian's packages. */
    public static final String PYTHON = "/usr/bin/python3";

    private Services() {}

    /**
     * Fails the calling test when {@code CI=true}, else skips it; either way with the reason.
     *
     * @param reason what is missing and how to get it, e.g. {@code redis-server is not installed (apt-get install -y
     *     redis-server)}
     */
    public static void missing(String reason) {
        if (CI) {
            fail(reason + "; required because CI=true");
        }
        System.out.println("Skipped: " + reason);
        Assumptions.assumeTrue(false, reason);
    }

    /**
     * Calls {@link #missing} unless a command runs and exits with 0 within 20 s.
     *
     * @param reason what is missing, for {@link #missing}
     * @param command the program and its arguments, e.g. {@code redis-server --version}
     */
    public static void requireCommand(String reason, String... command) {
        if (!runs(command)) {
            missing(reason);
        }
    }

    /**
     * Calls {@link #missing} unless {@link #PYTHON} imports every module.
     *
     * @param debianPackages the packages that bring them, for the reason
     * @param modules Python modules, e.g. {@code channels_redis}
     */
    public static void requirePythonModules(String debianPackages, String... modules) {
        requireCommand(
                PYTHON + " cannot import " + String.join(", ", modules) + " (apt-get install -y " + debianPackages
                        + ")",
                PYTHON,
                "-c",
                "import " + String.join(", ", modules));
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
