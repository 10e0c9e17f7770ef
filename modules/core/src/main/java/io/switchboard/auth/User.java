// SPDX-License-Identifier: Apache-2.0
package io.switchboard.auth;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The user of a connection, as {@link io.switchboard.middleware.AuthMiddleware} puts it in the scope: a logged-in
 * user, or {@link #anonymous()}.
 *
 * @param id the user's id; {@code null} for the anonymous user
 * @param username the name to show
 * @param authenticated whether the user logged in
 */
public record User(String id, String username, boolean authenticated) {

    private static final User ANONYMOUS = new User(null, "anonymous", false);

    /**
     * A logged-in user.
     *
     * @param id the user's id
     * @param username the name to show
     * @return the user
     */
    public static User of(String id, String username) {
        return new User(Objects.requireNonNull(id, "id"), Objects.requireNonNull(username, "username"), true);
    }

    /**
     * The anonymous user, Django's {@code AnonymousUser}.
     *
     * @return the one anonymous user
     */
    public static User anonymous() {
        return ANONYMOUS;
    }

    /**
     * Reads a user from the JSON form that {@link #toJson()} writes; {@code null} gives the anonymous user.
     *
     * @param json {@code {"id": ..., "username": ...}} or {@code null}
     * @return the user
     */
    public static User fromJson(JsonObject json) {
        if (json == null || json.getValue("id") == null) {
            return ANONYMOUS;
        }
        return of(String.valueOf(json.getValue("id")), json.getString("username", ""));
    }

    /**
     * The JSON form kept in a session.
     *
     * @return {@code {"id": ..., "username": ...}}
     */
    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("username", username);
    }
}
