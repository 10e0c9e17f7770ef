// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
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
        var response = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", ClientScript.PATH)
                .compose(request -> request.send())
                .await(5, TimeUnit.SECONDS);
        String body = response.body().await(5, TimeUnit.SECONDS).toString();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(body).isEqualTo(ClientScript.text()).contains("export class SwitchboardSocket");
    }
}
