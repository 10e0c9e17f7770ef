// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

/**
 * A sign-up or log-in that cannot be done as asked: a wire code for the page, the HTTP status, a sentence for the
 * person, and for refusals that pass, how long to wait. Expected and frequent, so it has no stack trace.
 */
final class AccountException extends RuntimeException {

    private final String code;
    private final int status;
    private final long retryAfterSeconds;

    AccountException(String code, int status, String message) {
        this(code, status, message, 0);
    }

    AccountException(String code, int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return the snake_case code, for example {@code bad_credentials} */
    String code() {
        return code;
    }

    /** @return the HTTP status to answer with */
    int status() {
        return status;
    }

    /** @return whole seconds the client should wait before trying again, 0 when waiting does not help */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
