// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.auth.User;
import io.switchboard.db.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sign-up and log-in against the {@code chat_users} table. Every method returns at once: SQL runs on the DB
 * workers and password hashing on a {@link HashingPool} of its own. Futures fail with {@link AccountException} for
 * what the person can fix or should retry ({@code busy} when too many hashes wait), and with the database's
 * exception otherwise.
 */
final class Accounts {

    /** Django's username rule, ASCII only. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9@.+_-]{1,150}");

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;

    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final HashingPool hashing;
    private final Passwords passwords = new Passwords();

    private record Account(long id, String username, String hash) {}

    Accounts(Database db, HashingPool hashing) {
        this.db = db;
        this.hashing = hashing;
    }

    /**
     * Makes an account.
     *
     * @param username 1-150 letters, digits and {@code @.+-_}; not {@code anonymous}, in any case
     * @param password {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters
     * @return the new user; failed with {@code invalid_username}, {@code invalid_password},
     *     {@code username_taken} or {@code busy}
     */
    Future<User> signUp(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            return Future.failedFuture(new AccountException(
                    "invalid_username", 400, "A username is 1 to 150 letters, digits and @ . + - _"));
        }
        if (key(username).equals(User.anonymous().username())) {
            return Future.failedFuture(new AccountException(
                    "invalid_username", 400, "'" + username + "' is reserved for people who are not logged in"));
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            return Future.failedFuture(new AccountException(
                    "invalid_password", 400, "A password is " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
        return hashing.submit(() -> passwords.hash(password))
                .compose(hash -> db.run(c -> insert(c, username, hash)))
                .map(id -> User.of(String.valueOf(id), username));
    }

    /**
     * Checks a username and password.
     *
     * @param username the username, in any case
     * @param password the password
     * @return the user; failed with {@code bad_credentials} whether the username or the password is wrong, or with
     *     {@code busy}
     */
    Future<User> logIn(String username, String password) {
        if (username == null || password == null || password.length() > MAX_PASSWORD) {
            return Future.failedFuture(badCredentials());
        }
        Future<Account> found =
                USERNAME.matcher(username).matches() ? db.run(c -> find(c, key(username))) : Future.succeededFuture();
        return found.compose(account -> hashing.submit(() -> account == null
                        ? passwords.verifyNoAccount(password)
                        : passwords.verify(password, account.hash()))
                .compose(ok -> ok
                        ? Future.succeededFuture(User.of(String.valueOf(account.id()), account.username()))
                        : Future.failedFuture(badCredentials())));
    }

    private static AccountException badCredentials() {
        return new AccountException("bad_credentials", 401, "Wrong username or password");
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static long insert(Connection c, String username, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO chat_users (username, username_key, password_hash, created_at) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, username);
            s.setString(2, key(username));
            s.setString(3, hash);
            s.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new AccountException("username_taken", 409, "The username '" + username + "' is taken");
            }
            throw e;
        }
    }

    private static Account find(Connection c, String key) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT id, username, password_hash FROM chat_users WHERE username_key = ?")) {
            s.setString(1, key);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? new Account(rows.getLong(1), rows.getString(2), rows.getString(3)) : null;
            }
        }
    }
}
