// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.auth.User;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static final Scope.Key<String> TENANT = Scope.Key.of("tenant", String.class);

    private final Scope scope = Scope.builder("/ws/chat/lobby/")
            .header("Host", "example.org")
            .header("Cookie", "a=1")
            .header("X-Custom-Thing", "one")
            .header("cookie", "b=2")
            .build();

    @Test
    void headersAreFoundInAnyCaseWithEveryValueInRequestOrder() {
        assertThat(scope.header("HOST")).isEqualTo("example.org");
        assertThat(scope.header("x-custom-thing")).isEqualTo("one");
        assertThat(scope.header("missing")).isNull();
        assertThat(scope.headerValues("COOKIE")).containsExactly("a=1", "b=2");
        assertThat(scope.headerValues("missing")).isEmpty();
        assertThat(scope.headers())
                .containsExactly(
                        Map.entry("host", List.of("example.org")),
                        Map.entry("cookie", List.of("a=1", "b=2")),
                        Map.entry("x-custom-thing", List.of("one")));
        assertThatThrownBy(() -> scope.headers().put("host", List.of("other")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRequestsHeaderMapIsReadInPlaceAndNeverWrittenTo() {
        MultiMap request = MultiMap.caseInsensitiveMultiMap()
                .add("Host", "example.org")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        Scope borrowed = Scope.builder("/ws/").headers(request).build();
        assertThat(borrowed.header("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(borrowed.headers()).containsOnlyKeys("host", "sec-websocket-key");

        Scope extended = Scope.builder("/ws/")
                .headers(request)
                .header("Origin", "http://a")
                .build();
        assertThat(extended.header("origin")).isEqualTo("http://a");
        assertThat(extended.header("host")).isEqualTo("example.org");
        assertThat(request.contains("Origin")).as("the request's own map").isFalse();
    }

    @Test
    void withMakesACopyAndReplacesAnEarlierValueOfTheSameKey() {
        Scope first = scope.with(TENANT, "acme");
        Scope second = first.with(TENANT, "globex").withUser(User.of("7", "ada"));
        assertThat(scope.get(TENANT)).isNull();
        assertThat(first.get(TENANT)).isEqualTo("acme");
        assertThat(second.get(TENANT)).isEqualTo("globex");
        assertThat(second.user().username()).isEqualTo("ada");
        assertThat(first.user().authenticated()).isFalse();
    }

    @Test
    void routeParametersOfNestedRoutesAccumulateInOrder() {
        Scope routed = scope.withUrlRoute(Map.of("room", "lobby")).withUrlRoute(Map.of("id", 7));
        assertThat(routed.urlRoute()).containsExactly(Map.entry("room", "lobby"), Map.entry("id", 7));
        assertThat(routed.routeParam("id", Integer.class)).isEqualTo(7);
        assertThat(scope.urlRoute()).isEmpty();
    }
}
