// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.consumer.NoHandlerException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class HandlerFailureTest {

    @Test
    void aSendToASocketThatClosedMeanwhileIsNoBug() {
        assertThat(HandlerFailure.of(new ConnectionDriver.ClosedException("Connection 7 is closed")))
                .isEqualTo(HandlerFailure.CLOSED);
        assertThat(HandlerFailure.of(new IllegalStateException("something else")))
                .isEqualTo(HandlerFailure.ERROR);
        assertThat(HandlerFailure.of(new RejectedExecutionException())).isEqualTo(HandlerFailure.POOL_CLOSED);
        assertThat(HandlerFailure.of(new NoHandlerException("x.y"))).isEqualTo(HandlerFailure.UNKNOWN_TYPE);
    }
}
