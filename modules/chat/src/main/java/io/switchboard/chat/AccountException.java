// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

/**
 * A sign-up or log-in that cannot be done as asked: a wire code for the page, the HTTP status, and a sentence for
 * the person. Expected and frequent, so it has no stack trace.
 */
final class AccountException extends RuntimeException {

    private final String code;
    private final int status;

    AccountException(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    /** @return the snake_case code, for example {@code bad_credentials} */
    String code() {
        return code;
    }

    /** @return the HTTP status to answer with */
    int status() {
        return status;
    }
}
