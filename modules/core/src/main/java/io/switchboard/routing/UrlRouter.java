// SPDX-License-Identifier: Apache-2.0
package io.switchboard.routing;

import io.switchboard.consumer.Consumer;
import io.switchboard.routing.impl.PathPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Routes WebSocket connections by path to consumer factories, Channels' {@code URLRouter}. Patterns name their
 * parameters in braces with an optional converter, and routers nest under a prefix:
 *
 * <pre>{@code
 * UrlRouter.builder()
 *         .route("/ws/chat/{room}/", ChatConsumer::new)
 *         .route("/ws/game/{id:int}/", GameConsumer::new)
 *         .include("/ws/admin/", adminRoutes)
 *         .build();
 * }</pre>
 *
 * <p>Converters: {@code str} (default: one path segment), {@code int}, {@code slug}, {@code uuid}, {@code path}.
 * The first matching route wins. A path no route matches is refused at the handshake with HTTP 404. Immutable
 * and shared by every connection.
 */
public final class UrlRouter {

    /**
     * A matched route.
     *
     * @param factory makes the consumer for this connection
     * @param params route parameters, converted, from every nesting level
     */
    public record RouteMatch(Supplier<? extends Consumer> factory, Map<String, Object> params) {}

    private sealed interface Entry permits Leaf, Include {}

    private record Leaf(PathPattern pattern, Supplier<? extends Consumer> factory) implements Entry {}

    private record Include(PathPattern pattern, UrlRouter router) implements Entry {}

    private final List<Entry> entries;

    private UrlRouter(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @return a builder for a router */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the route for a path.
     *
     * @param path the request path
     * @return the match, or empty if no route matches
     */
    public Optional<RouteMatch> resolve(String path) {
        for (Entry entry : entries) {
            if (entry instanceof Leaf leaf) {
                PathPattern.Match m = leaf.pattern().match(path);
                if (m != null) {
                    return Optional.of(new RouteMatch(leaf.factory(), m.params()));
                }
            } else if (entry instanceof Include include) {
                PathPattern.Match m = include.pattern().match(path);
                if (m != null) {
                    String rest = path.substring(m.end());
                    Optional<RouteMatch> inner = include.router().resolve(rest.isEmpty() ? "/" : rest);
                    if (inner.isPresent()) {
                        Map<String, Object> params = new LinkedHashMap<>(m.params());
                        params.putAll(inner.get().params());
                        return Optional.of(new RouteMatch(inner.get().factory(), params));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Builds a {@link UrlRouter}; {@link #build()} checks the routes. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder() {}

        /**
         * Adds a route.
         *
         * @param pattern the path pattern, for example {@code /ws/chat/{room}/}
         * @param factory makes one consumer per connection, for example {@code ChatConsumer::new}
         * @return this builder
         * @throws IllegalStateException if the pattern is malformed or already routed
         */
        public Builder route(String pattern, Supplier<? extends Consumer> factory) {
            Objects.requireNonNull(factory, "factory");
            checkUnique(pattern);
            entries.add(new Leaf(PathPattern.compile(pattern, false), factory));
            return this;
        }

        /**
         * Nests a router under a prefix; the nested router sees the rest of the path, starting with {@code /}.
         *
         * @param prefix the prefix pattern, for example {@code /ws/rooms/{room}/}
         * @param router the nested router
         * @return this builder
         */
        public Builder include(String prefix, UrlRouter router) {
            Objects.requireNonNull(router, "router");
            checkUnique(prefix);
            entries.add(new Include(PathPattern.compile(prefix, true), router));
            return this;
        }

        private void checkUnique(String pattern) {
            if (!seen.add(pattern)) {
                throw new IllegalStateException(
                        "Route pattern '" + pattern + "' is routed twice; the second can never match, remove one");
            }
        }

        /**
         * Builds the router.
         *
         * @return an immutable router
         * @throws IllegalStateException if it has no routes
         */
        public UrlRouter build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("UrlRouter has no routes; add one with route(pattern, Consumer::new)");
            }
            return new UrlRouter(entries);
        }
    }
}
