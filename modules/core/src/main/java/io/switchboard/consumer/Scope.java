// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.auth.User;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one connection: Channels' {@code scope}. Immutable: middleware returns an extended copy
 * ({@link #with}), so a change never leaks to another connection or back up the middleware stack.
 *
 * <p>It holds the path, the raw and parsed query string, the headers (names in lower case), cookies (filled by
 * {@link io.switchboard.middleware.CookieMiddleware}), client and server addresses, the subprotocols the client
 * offered, the route parameters of the matched URL pattern ({@link #urlRoute()}), the session and the user, and
 * any application value under a typed {@link Key}.
 */
public final class Scope {

    /**
     * A typed key for an application value in the scope.
     *
     * @param <T> the value's type
     */
    public static final class Key<T> {
        private final String name;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Makes a key. Keys compare by identity: keep each in a constant.
         *
         * @param name a name for messages and {@code toString}
         * @param type the value's class
         * @param <T> the value's type
         * @return a new key
         */
        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(name, type);
        }

        @Override
        public String toString() {
            return name + ":" + type.getSimpleName();
        }
    }

    private static final Key<Session> SESSION = Key.of("session", Session.class);
    private static final Key<User> USER = Key.of("user", User.class);

    private final String type;
    private final String scheme;
    private final String path;
    private final String queryString;
    private final Map<String, List<String>> query;
    /**
     * Case-insensitive, in the request's order. On a server this is the upgrade request's own map, which the open
     * WebSocket keeps anyway: a scope lives as long as its connection, and a copy would cost every connection its
     * headers twice. Never written to here.
     */
    private final MultiMap headers;

    private final Map<String, String> cookies;
    private final SocketAddress client;
    private final SocketAddress server;
    private final List<String> subprotocols;
    private final Map<String, Object> urlRoute;
    /** Key, value, key, value...; copied on {@link #with}, which middleware calls once or twice per connection. */
    private final Object[] values;

    private Scope(Builder b, Map<String, Object> urlRoute, Map<String, String> cookies, Object[] values) {
        this.type = b.type;
        this.scheme = b.scheme;
        this.path = b.path;
        this.queryString = b.queryString;
        this.query = b.query;
        this.headers = b.headers;
        this.client = b.client;
        this.server = b.server;
        this.subprotocols = b.subprotocols;
        this.cookies = cookies;
        this.urlRoute = urlRoute;
        this.values = values;
    }

    private Scope(Scope from, Map<String, Object> urlRoute, Map<String, String> cookies, Object[] values) {
        this.type = from.type;
        this.scheme = from.scheme;
        this.path = from.path;
        this.queryString = from.queryString;
        this.query = from.query;
        this.headers = from.headers;
        this.client = from.client;
        this.server = from.server;
        this.subprotocols = from.subprotocols;
        this.cookies = cookies;
        this.urlRoute = urlRoute;
        this.values = values;
    }

    /**
     * Starts a scope; the server and the testkit use it.
     *
     * @param path the request path, for example {@code /ws/chat/lobby/}
     * @return a builder
     */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    /** @return the protocol, {@code websocket} */
    public String type() {
        return type;
    }

    /**
     * The scheme the client used, as in Channels' scope: {@code wss} over TLS, including TLS that a trusted proxy
     * ended ({@code X-Forwarded-Proto}), else {@code ws}.
     *
     * @return {@code ws} or {@code wss}
     */
    public String scheme() {
        return scheme;
    }

    /** @return the path, percent-decoded */
    public String path() {
        return path;
    }

    /** @return the raw query string without {@code ?}, empty if none */
    public String queryString() {
        return queryString;
    }

    /** @return the parsed query: name to values, in order */
    public Map<String, List<String>> query() {
        return query;
    }

    /**
     * The first value of a query parameter.
     *
     * @param name the parameter
     * @return its first value, or {@code null}
     */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return the request headers, lower-case name to values, in the request's order; a new map on each call */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : headers) {
            map.computeIfAbsent(HeaderNames.lowerCase(header.getKey()), k -> new ArrayList<>(1))
                    .add(header.getValue());
        }
        map.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(map);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return its first value, or {@code null}
     */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * Every value of a header, in the request's order.
     *
     * @param name the header name, any case
     * @return its values; empty if the request did not have it
     */
    public List<String> headerValues(String name) {
        return List.copyOf(headers.getAll(name));
    }

    /** @return the cookies, empty unless {@link io.switchboard.middleware.CookieMiddleware} ran */
    public Map<String, String> cookies() {
        return cookies;
    }

    /** @return the client's address, or {@code null} when unknown */
    public SocketAddress client() {
        return client;
    }

    /** @return the server's address, or {@code null} when unknown */
    public SocketAddress server() {
        return server;
    }

    /** @return the subprotocols the client offered, in its order */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return the matched route's parameters, converted ({@code {id:int}} gives an {@link Integer}) */
    public Map<String, Object> urlRoute() {
        return urlRoute;
    }

    /**
     * A route parameter as text, for example the {@code room} of {@code /ws/chat/{room}/}.
     *
     * @param name the parameter
     * @return its value as a string
     * @throws IllegalArgumentException if the route has no such parameter
     */
    public String routeParam(String name) {
        Object value = urlRoute.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "No route parameter '" + name + "' for " + path + "; the route has " + urlRoute.keySet());
        }
        return value.toString();
    }

    /**
     * A route parameter converted by its pattern, for example the {@code Integer} of {@code {id:int}}.
     *
     * @param name the parameter
     * @param type the expected class
     * @param <T> the expected type
     * @return the value
     * @throws IllegalArgumentException if absent or of another type
     */
    public <T> T routeParam(String name, Class<T> type) {
        Object value = urlRoute.get(name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Route parameter '" + name + "' is " + value + ", not a "
                    + type.getSimpleName() + "; declare it as {" + name + ":int} or similar");
        }
        return type.cast(value);
    }

    /** @return the session, or {@code null} without {@link io.switchboard.middleware.SessionMiddleware} */
    public Session session() {
        return get(SESSION);
    }

    /** @return the user; the anonymous user unless {@link io.switchboard.middleware.AuthMiddleware} found one */
    public User user() {
        User user = get(USER);
        return user == null ? User.anonymous() : user;
    }

    /**
     * An application value.
     *
     * @param key its key
     * @param <T> its type
     * @return the value, or {@code null}
     */
    public <T> T get(Key<T> key) {
        for (int i = 0; i < values.length; i += 2) {
            if (values[i] == key) {
                return key.type.cast(values[i + 1]);
            }
        }
        return null;
    }

    /**
     * A copy with one more application value.
     *
     * @param key its key
     * @param value the value
     * @param <T> its type
     * @return a new scope
     */
    public <T> Scope with(Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        for (int i = 0; i < values.length; i += 2) {
            if (values[i] == key) {
                Object[] replaced = values.clone();
                replaced[i + 1] = value;
                return new Scope(this, urlRoute, cookies, replaced);
            }
        }
        Object[] grown = Arrays.copyOf(values, values.length + 2);
        grown[values.length] = key;
        grown[values.length + 1] = value;
        return new Scope(this, urlRoute, cookies, grown);
    }

    /**
     * A copy with a session.
     *
     * @param session the session, or {@code null}
     * @return a new scope
     */
    public Scope withSession(Session session) {
        return with(SESSION, session);
    }

    /**
     * A copy with a user.
     *
     * @param user the user
     * @return a new scope
     */
    public Scope withUser(User user) {
        return with(USER, Objects.requireNonNull(user, "user"));
    }

    /**
     * A copy with cookies.
     *
     * @param cookies name to value
     * @return a new scope
     */
    public Scope withCookies(Map<String, String> cookies) {
        return new Scope(this, urlRoute, Map.copyOf(cookies), values);
    }

    /**
     * A copy with more route parameters, as each nested router adds its own.
     *
     * @param params name to converted value
     * @return a new scope
     */
    public Scope withUrlRoute(Map<String, Object> params) {
        if (urlRoute.isEmpty() && params.size() <= 1) {
            // the usual route has one parameter: a one-entry map instead of a linked copy
            return new Scope(this, Map.copyOf(params), cookies, values);
        }
        Map<String, Object> merged = new LinkedHashMap<>(urlRoute);
        merged.putAll(params);
        return new Scope(this, Collections.unmodifiableMap(merged), cookies, values);
    }

    @Override
    public String toString() {
        return "Scope[" + type + " " + path + (queryString.isEmpty() ? "" : "?" + queryString) + "]";
    }

    /** Builds the scope of a new connection. */
    public static final class Builder {
        /** Shared by scopes without headers; never written to, as a builder copies it before adding one. */
        private static final MultiMap NO_HEADERS = MultiMap.caseInsensitiveMultiMap();

        private String type = "websocket";
        private String scheme = "ws";
        private final String path;
        private String queryString = "";
        private Map<String, List<String>> query = Map.of();
        private MultiMap headers = NO_HEADERS;
        /** Whether {@link #headers} is not the builder's own, and is copied before a header is added. */
        private boolean borrowedHeaders = true;

        private SocketAddress client;
        private SocketAddress server;
        private List<String> subprotocols = List.of();

        private Builder(String path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /**
         * Sets the protocol type.
         *
         * @param type {@code websocket} or {@code http}
         * @return this builder
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets the scheme.
         *
         * @param scheme {@code ws} or {@code wss}
         * @return this builder
         */
        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme, "scheme");
            return this;
        }

        /**
         * Sets the raw query string and parses it.
         *
         * @param queryString without {@code ?}; {@code null} for none
         * @return this builder
         */
        public Builder queryString(String queryString) {
            this.queryString = queryString == null ? "" : queryString;
            this.query = QueryStrings.parse(this.queryString);
            return this;
        }

        /**
         * Adds a header; names are kept in lower case.
         *
         * @param name the header name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (borrowedHeaders) {
                headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
                borrowedHeaders = false;
            }
            headers.add(name, value);
            return this;
        }

        /**
         * Uses a request's header map as the scope's headers, without copying it; the scope never writes to it.
         *
         * @param requestHeaders a case-insensitive map, such as {@code HttpServerRequest.headers()}
         * @return this builder
         */
        public Builder headers(MultiMap requestHeaders) {
            this.headers = Objects.requireNonNull(requestHeaders, "requestHeaders");
            this.borrowedHeaders = true;
            return this;
        }

        /**
         * Sets both addresses.
         *
         * @param client the client's address
         * @param server the server's address
         * @return this builder
         */
        public Builder addresses(SocketAddress client, SocketAddress server) {
            this.client = client;
            this.server = server;
            return this;
        }

        /**
         * Sets the subprotocols the client offered.
         *
         * @param subprotocols in the client's order
         * @return this builder
         */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = List.copyOf(subprotocols);
            return this;
        }

        /**
         * Builds the scope.
         *
         * @return a new scope with no cookies, route parameters, session or user yet
         */
        public Scope build() {
            return new Scope(this, Map.of(), Map.of(), new Object[0]);
        }
    }
}
