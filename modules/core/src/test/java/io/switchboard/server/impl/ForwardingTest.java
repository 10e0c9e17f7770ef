// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who the client is, asked of real requests: a Vert.x HTTP server on 127.0.0.1 answers with what a {@link Forwarding}
 * makes of each request. The peer is always 127.0.0.1; whether it is a trusted proxy is the setting under test.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ForwardingTest {

    /** What a server believing these proxies says of a request with these headers: "client secure". */
    private static String seen(Vertx vertx, List<String> trustedProxies, String... headers) throws Exception {
        Forwarding forwarding = new Forwarding(trustedProxies);
        var server = vertx.createHttpServer()
                .requestHandler(request ->
                        request.response().end(forwarding.client(request) + " " + forwarding.secure(request)))
                .listen(0, "127.0.0.1")
                .await(5, TimeUnit.SECONDS);
        HttpClient client = vertx.createHttpClient();
        try {
            return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                    .compose(request -> {
                        for (int i = 0; i < headers.length; i += 2) {
                            request.headers().add(headers[i], headers[i + 1]);
                        }
                        return request.send().compose(HttpClientResponse::body);
                    })
                    .await(5, TimeUnit.SECONDS)
                    .toString();
        } finally {
            client.close().await(5, TimeUnit.SECONDS);
            server.close().await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void forwardingHeadersFromAPeerThatIsNoTrustedProxyAreIgnored(Vertx vertx) throws Exception {
        String[] spoofed = {"X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https"};
        assertThat(seen(vertx, List.of(), spoofed)).isEqualTo("127.0.0.1 false");
        assertThat(seen(vertx, List.of("10.0.0.0/8", "::1"), spoofed)).isEqualTo("127.0.0.1 false");
    }

    @Test
    void aTrustedProxyIsBelievedForClientAndScheme(Vertx vertx) throws Exception {
        assertThat(seen(vertx, List.of("127.0.0.1"), "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https"))
                .isEqualTo("203.0.113.9 true");
        assertThat(seen(vertx, List.of("127.0.0.0/8"), "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "http"))
                .isEqualTo("203.0.113.9 false");
        assertThat(seen(vertx, List.of("127.0.0.1"))).as("no header").isEqualTo("127.0.0.1 false");
    }

    @Test
    void theClientIsTheRightmostHopThatIsNotATrustedProxy(Vertx vertx) throws Exception {
        List<String> proxies = List.of("127.0.0.1", "10.0.0.0/8");
        // the client wrote 6.6.6.6 itself; the first proxy saw 203.0.113.9; a second, trusted, proxy added 10.1.2.3
        assertThat(seen(vertx, proxies, "X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.2.3"))
                .isEqualTo("203.0.113.9 false");
        assertThat(seen(vertx, proxies, "X-Forwarded-For", "6.6.6.6, 203.0.113.9", "X-Forwarded-For", "10.1.2.3"))
                .as("the same hops over two headers")
                .isEqualTo("203.0.113.9 false");
        assertThat(seen(vertx, proxies, "X-Forwarded-For", " , 203.0.113.9 ,, 10.1.2.3,"))
                .as("empty hops and spaces")
                .isEqualTo("203.0.113.9 false");
    }

    @Test
    void whenEveryHopIsATrustedProxyTheFarthestOneIsTheClient(Vertx vertx) throws Exception {
        assertThat(seen(vertx, List.of("127.0.0.1", "10.0.0.0/8"), "X-Forwarded-For", "10.0.0.1, 10.0.0.2"))
                .isEqualTo("10.0.0.1 false");
    }

    @Test
    void anEntryThatIsNoAddressIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new Forwarding(List.of("10.0.0.0/8", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server.trustedProxies 'proxy.internal' is not an IP address"
                        + " or a CIDR block such as 10.0.0.0/8");
    }
}
