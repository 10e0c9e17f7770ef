// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.consumer.WebSocketConsumer;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UrlRouterTest {

    static final class A extends WebSocketConsumer {}

    static final class B extends WebSocketConsumer {}

    static final class C extends WebSocketConsumer {}

    private static final Supplier<A> A_FACTORY = A::new;
    private static final Supplier<B> B_FACTORY = B::new;
    private static final Supplier<C> C_FACTORY = C::new;

    @Test
    void namedParametersAreCapturedAsText() {
        UrlRouter router =
                UrlRouter.builder().route("/ws/chat/{room}/", A_FACTORY).build();
        var match = router.resolve("/ws/chat/lobby/").orElseThrow();
        assertThat(match.factory()).isSameAs(A_FACTORY);
        assertThat(match.params()).isEqualTo(Map.of("room", "lobby"));
        assertThat(router.resolve("/ws/chat/lobby")).isEmpty();
        assertThat(router.resolve("/ws/chat/a/b/")).isEmpty();
    }

    @Test
    void typedParametersAreConvertedAndNonMatchingValuesFallThrough() {
        UrlRouter router = UrlRouter.builder()
                .route("/ws/game/{id:int}/", A_FACTORY)
                .route("/ws/game/{name:slug}/", B_FACTORY)
                .route("/ws/doc/{id:uuid}/", C_FACTORY)
                .build();
        assertThat(router.resolve("/ws/game/42/").orElseThrow().params()).isEqualTo(Map.of("id", 42));
        assertThat(router.resolve("/ws/game/tic-tac/").orElseThrow().factory()).isSameAs(B_FACTORY);
        assertThat(router.resolve("/ws/game/99999999999/").orElseThrow().factory())
                .isSameAs(B_FACTORY);
        UUID id = UUID.randomUUID();
        assertThat(router.resolve("/ws/doc/" + id + "/").orElseThrow().params()).isEqualTo(Map.of("id", id));
        assertThat(router.resolve("/ws/doc/not-a-uuid/")).isEmpty();
    }

    @Test
    void nestedRoutersSeeTheRestOfThePathAndAddTheirParameters() {
        UrlRouter rooms = UrlRouter.builder()
                .route("/", A_FACTORY)
                .route("/members/{member:int}/", B_FACTORY)
                .build();
        UrlRouter router = UrlRouter.builder()
                .include("/ws/rooms/{room}/", rooms)
                .route("/ws/{rest:path}", C_FACTORY)
                .build();
        assertThat(router.resolve("/ws/rooms/lobby/").orElseThrow().factory()).isSameAs(A_FACTORY);
        var member = router.resolve("/ws/rooms/lobby/members/7/").orElseThrow();
        assertThat(member.factory()).isSameAs(B_FACTORY);
        assertThat(member.params()).isEqualTo(Map.of("room", "lobby", "member", 7));
        // A prefix that matches but whose nested router does not falls through to later routes
        var other = router.resolve("/ws/rooms/lobby/unknown/").orElseThrow();
        assertThat(other.factory()).isSameAs(C_FACTORY);
        assertThat(other.params()).isEqualTo(Map.of("rest", "rooms/lobby/unknown/"));
    }

    @Test
    void wiringMistakesFailWhenTheRouterIsBuilt() {
        assertThatThrownBy(() -> UrlRouter.builder().route("/ws/{id:number}/", A_FACTORY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Route pattern '/ws/{id:number}/' uses unknown converter 'number'; "
                        + "expected one of: int, path, slug, str, uuid");
        assertThatThrownBy(() -> UrlRouter.builder().route("/a/", A_FACTORY).route("/a/", B_FACTORY))
                .hasMessage("Route pattern '/a/' is routed twice; the second can never match, remove one");
        assertThatThrownBy(() -> UrlRouter.builder().route("ws/chat/", A_FACTORY))
                .hasMessage("Route pattern 'ws/chat/' must start with '/'");
        assertThatThrownBy(() -> UrlRouter.builder().route("/{a}/{a}/", A_FACTORY))
                .hasMessage("Route pattern '/{a}/{a}/' names parameter 'a' twice");
        assertThatThrownBy(() -> UrlRouter.builder().build()).hasMessageStartingWith("UrlRouter has no routes");
    }
}
