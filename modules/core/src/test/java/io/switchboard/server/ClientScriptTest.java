// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ClientScriptTest {

    @Test
    void theBrowserClientIsServedAsAJavaScriptModule(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.get(ClientScript.PATH).handler(ClientScript.handler());
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(5, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient();
        // the body is asked for on the event loop, as the response arrives: later, it may have gone by
        var response = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", ClientScript.PATH)
                .compose(request -> request.send())
                .compose(answer -> answer.body()
                        .map(bytes -> List.of(
                                String.valueOf(answer.statusCode()),
                                answer.getHeader("Content-Type"),
                                bytes.toString())))
                .await(5, TimeUnit.SECONDS);
        String body = response.get(2);
        assertThat(response.get(0)).isEqualTo("200");
        assertThat(response.get(1)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(body).isEqualTo(ClientScript.text()).contains("export class SwitchboardSocket");
        // held to here: Vert.x closes a client nothing refers to when the garbage collector finds it
        client.close().await(5, TimeUnit.SECONDS);
    }
}
