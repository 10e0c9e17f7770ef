// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.auth.User;
import io.switchboard.consumer.Scope;
import io.switchboard.consumer.WebSocketConsumer;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.ServerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MiddlewareTest {

    @Test
    void originPatternsFollowChannels() {
        OriginValidator validator = OriginValidator.create(
                List.of("example.com", ".example.org", "https://secure.example.net:8443", "localhost"));
        assertThat(validator.isAllowed("http://example.com")).isTrue();
        assertThat(validator.isAllowed("https://example.com:9000")).isTrue();
        assertThat(validator.isAllowed("http://sub.example.com")).isFalse();
        assertThat(validator.isAllowed("http://example.org")).isTrue();
        assertThat(validator.isAllowed("http://a.b.example.org")).isTrue();
        assertThat(validator.isAllowed("https://secure.example.net:8443")).isTrue();
        assertThat(validator.isAllowed("http://secure.example.net:8443")).isFalse();
        assertThat(validator.isAllowed("https://secure.example.net")).isFalse();
        assertThat(validator.isAllowed("http://localhost:8000")).isTrue();
        assertThat(validator.isAllowed("http://evil.com")).isFalse();
        assertThat(validator.isAllowed("null")).isFalse();
        assertThat(validator.isAllowed(null))
                .as("a missing Origin is refused unless * is allowed")
                .isFalse();
        assertThat(OriginValidator.create(List.of("*")).isAllowed(null)).isTrue();
    }

    @Test
    void authWithoutASessionMiddlewareFailsAtBuildWithTheFix(Vertx vertx) {
        AppContext app = AppContext.create(vertx, ChannelLayer.memory(vertx), new ServerOptions(), new JsonObject());
        UrlRouter routes = UrlRouter.builder()
                .route("/ws/", () -> new WebSocketConsumer() {})
                .build();
        assertThatThrownBy(() -> ProtocolRouter.builder(app)
                        .middleware(AuthMiddleware.create())
                        .websocket(routes)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("AuthMiddleware needs a session in the scope; put SessionMiddleware before it");
        SessionStore store = LocalSessionStore.create(vertx);
        assertThatThrownBy(() -> ProtocolRouter.builder(app)
                        .middleware(SessionMiddleware.create(store))
                        .websocket(routes)
                        .build())
                .hasMessage("SessionMiddleware needs cookies in the scope; put CookieMiddleware before it");
        assertThat(ProtocolRouter.builder(app)
                        .middleware(Middleware.authStack(store))
                        .websocket(routes)
                        .build())
                .isNotNull();
    }

    @Test
    void theAuthStackPutsTheSessionsUserOrAnAnonymousOneInTheScope(Vertx vertx) throws Exception {
        SessionStore store = LocalSessionStore.create(vertx);
        Session session = store.createSession(60_000);
        session.put(AuthMiddleware.SESSION_KEY, User.of("7", "alice").toJson());
        store.put(session).await(5, TimeUnit.SECONDS);
        List<Middleware> stack = Middleware.authStack(store);

        Scope withCookie = Scope.builder("/ws/")
                .header("Cookie", "theme=dark; vertx-web.session=" + session.id())
                .build();
        Scope scope = run(stack, withCookie);
        assertThat(scope.user()).isEqualTo(User.of("7", "alice"));
        assertThat(scope.cookies()).containsEntry("theme", "dark");
        assertThat(scope.session().id()).isEqualTo(session.id());
        assertThat(withCookie.cookies()).as("the original scope is unchanged").isEmpty();

        assertThat(run(stack, Scope.builder("/ws/").build()).user()).isEqualTo(User.anonymous());
        Scope unknown =
                Scope.builder("/ws/").header("Cookie", "vertx-web.session=nope").build();
        assertThat(run(stack, unknown).user().authenticated()).isFalse();
    }

    private static Scope run(List<Middleware> stack, Scope scope) throws Exception {
        Scope current = scope;
        for (Middleware middleware : stack) {
            current = middleware.apply(current).await(5, TimeUnit.SECONDS);
        }
        return current;
    }
}
