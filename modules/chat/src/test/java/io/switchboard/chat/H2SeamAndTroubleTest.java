// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class H2SeamAndTroubleTest extends SeamAndTroubleScenarios {

    @Override
    TestDatabase newDatabase() throws Exception {
        return new H2TestDatabase();
    }
}
