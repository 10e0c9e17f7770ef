// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.Visitor.Answer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoginLimitsTest extends ChatOnH2 {

    private static final int FLOOD = 24;

    @Test
    void afterTheFreeFailuresAttemptsWaitAndAreAnswered429WithoutHashing() throws Exception {
        start(new JsonObject().put("loginFreeFailures", 2).put("loginMaxDelay", 1));
        Visitor dora = server.visitor();
        assertThat(dora.signUp("Dora", "dora's password").status()).isEqualTo(201);
        assertThat(dora.logOut().status()).isEqualTo(200);

        assertThat(dora.logIn("dora", "not it").status()).isEqualTo(401);
        assertThat(dora.logIn("DORA", "not it either").status()).isEqualTo(401);
        Answer refused = dora.logIn("dora", "dora's password");
        assertThat(refused.status()).as("even the right password waits").isEqualTo(429);
        assertThat(refused.body().getString("error")).isEqualTo("too_many_attempts");
        assertThat(refused.body().getLong("retryAfter")).isEqualTo(1);
        assertThat(dora.last().getHeader("Retry-After")).isEqualTo("1");
        Visitor neighbour = server.visitor();
        assertThat(neighbour.logIn("someone-else", "a password").status())
                .as("the same address waits too")
                .isEqualTo(429);

        server.letTimePass(Duration.ofSeconds(refused.body().getLong("retryAfter")));
        assertThat(dora.logIn("dora", "dora's password").status()).isEqualTo(200);
        assertThat(dora.me().body().getJsonObject("user").getString("username")).isEqualTo("Dora");
    }

    @Test
    void pastTheHashingQueueSignUpsAndLogInsAreAnswered503AtOnceAndThePoolRecovers() throws Exception {
        start(new JsonObject().put("hashingQueue", 0).put("loginFreeFailures", 1000));
        WebClient client =
                WebClient.create(server.vertx(), new WebClientOptions(), new PoolOptions().setHttp1MaxSize(FLOOD));
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            String path = i % 2 == 0 ? "/chat/api/login" : "/chat/api/signup";
            JsonObject body = new JsonObject().put("username", "flood" + i).put("password", "a long password");
            flood.add(client.post(server.port(), "127.0.0.1", path)
                    .putHeader("Content-Type", "application/json")
                    .sendJsonObject(body));
        }
        List<HttpResponse<Buffer>> answers =
                Future.all(flood).await(20, TimeUnit.SECONDS).list();
        client.close();

        List<HttpResponse<Buffer>> busy =
                answers.stream().filter(answer -> answer.statusCode() == 503).toList();
        assertThat(busy)
                .as("two hashing threads and no queue cannot take %s at once", FLOOD)
                .isNotEmpty();
        assertThat(busy).allSatisfy(answer -> {
            assertThat(answer.bodyAsJsonObject().getString("error")).isEqualTo("busy");
            assertThat(answer.getHeader("Retry-After")).isEqualTo("1");
        });
        assertThat(answers)
                .filteredOn(answer -> answer.statusCode() != 503)
                .extracting(HttpResponse::statusCode)
                .isSubsetOf(201, 401);

        Visitor later = server.visitor();
        assertThat(later.signUp("later", "a long password").status()).isEqualTo(201);
    }
}
