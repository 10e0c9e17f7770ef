// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    @Test
    void inOrderDeliveriesAreUniqueAndNothingIsMissing() {
        DeliveryLedger ledger = new DeliveryLedger(2);
        for (int seq = 0; seq < 5; seq++) {
            assertThat(ledger.record(0, seq)).isEqualTo(DeliveryLedger.IN_ORDER);
            assertThat(ledger.record(1, seq)).isEqualTo(DeliveryLedger.IN_ORDER);
        }
        assertThat(ledger.unique()).isEqualTo(10);
        assertThat(ledger.missing(0, 5)).isZero();
        assertThat(ledger.missing(1, 5)).isZero();
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.outOfOrder()).isZero();
    }

    @Test
    void aRepeatedSequenceNumberIsADuplicate() {
        DeliveryLedger ledger = new DeliveryLedger(1);
        ledger.record(0, 0);
        ledger.record(0, 1);
        assertThat(ledger.record(0, 1)).isEqualTo(DeliveryLedger.DUPLICATE);
        assertThat(ledger.record(0, 0)).isEqualTo(DeliveryLedger.DUPLICATE);
        assertThat(ledger.unique()).isEqualTo(2);
        assertThat(ledger.duplicates()).isEqualTo(2);
        assertThat(ledger.outOfOrder()).isZero();
    }

    @Test
    void aLateMessageIsOutOfOrderOnceAndThenADuplicate() {
        DeliveryLedger ledger = new DeliveryLedger(1);
        ledger.record(0, 0);
        assertThat(ledger.record(0, 3)).isEqualTo(DeliveryLedger.IN_ORDER);
        assertThat(ledger.missing(0, 4)).isEqualTo(2);
        assertThat(ledger.record(0, 2)).isEqualTo(DeliveryLedger.OUT_OF_ORDER);
        assertThat(ledger.record(0, 2)).isEqualTo(DeliveryLedger.DUPLICATE);
        assertThat(ledger.missing(0, 4)).isEqualTo(1);
        assertThat(ledger.unique()).isEqualTo(3);
        assertThat(ledger.outOfOrder()).isEqualTo(1);
        assertThat(ledger.duplicates()).isEqualTo(1);
    }

    @Test
    void missingCountsGapsAndTheUnreceivedTail() {
        DeliveryLedger ledger = new DeliveryLedger(3);
        ledger.record(0, 1); // 0 skipped
        ledger.record(0, 4); // 2 and 3 skipped
        ledger.record(1, 0);
        assertThat(ledger.missing(0, 10)).isEqualTo(3 + 5); // gaps 0,2,3 plus 5..9
        assertThat(ledger.missing(1, 10)).isEqualTo(9);
        assertThat(ledger.missing(2, 10)).isEqualTo(10);
        assertThat(ledger.missing(2, 0)).isZero();
    }
}
