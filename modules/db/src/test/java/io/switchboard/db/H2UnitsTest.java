// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The units contract on an embedded H2 file database. */
class H2UnitsTest extends UnitsContract {

    @TempDir
    Path folder;

    @Override
    protected Backend newBackend() {
        return new H2Backend(folder);
    }
}
