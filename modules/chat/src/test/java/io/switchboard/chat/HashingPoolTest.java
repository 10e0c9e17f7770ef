// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HashingPoolTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void pastTheThreadsAndTheQueueWorkIsRefusedAtOnceAndTheSlotsComeBack() throws Exception {
        HashingPool pool = new HashingPool(vertx, 2, 3);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<String>> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            admitted.add(pool.submit(() -> {
                release.await();
                return "hashed";
            }));
        }

        Future<String> refused = pool.submit(() -> "never run");
        assertThat(refused.failed()).as("refused without waiting").isTrue();
        assertThat(refused.cause()).isInstanceOfSatisfying(AccountException.class, busy -> {
            assertThat(busy.code()).isEqualTo("busy");
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.retryAfterSeconds()).isEqualTo(1);
        });

        release.countDown();
        assertThat(Future.all(admitted).await(5, TimeUnit.SECONDS).list()).containsOnly("hashed");
        assertThat(pool.submit(() -> "again").await(5, TimeUnit.SECONDS)).isEqualTo("again");
        pool.close();
    }
}
