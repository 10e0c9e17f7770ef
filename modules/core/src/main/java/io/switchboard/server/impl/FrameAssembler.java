// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.consumer.CloseCodes;
import io.switchboard.consumer.spi.TransportEvents;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Joins fragmented frames into messages and enforces the frame and message size limits. A single-frame message,
 * the common case, is passed on without copying.
 */
final class FrameAssembler {

    private final int maxFrameSize;
    private final int maxMessageSize;
    private final TransportEvents events;
    /** Told of a frame or message over its limit: the socket closes with 1009. */
    private final WebSocketGuard.Violations violations;

    private Buffer partial;
    private boolean partialIsText;
    private boolean discarding;

    FrameAssembler(int maxFrameSize, int maxMessageSize, TransportEvents events, WebSocketGuard.Violations violations) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.events = events;
        this.violations = violations;
    }

    void handle(WebSocketFrame frame) {
        if (discarding) {
            return;
        }
        if (frame.binaryData().length() > maxFrameSize) {
            overflow();
            return;
        }
        if (frame.isText() || frame.isBinary()) {
            if (frame.isFinal() && partial == null) {
                if (frame.isText()) {
                    events.text(frame.textData());
                } else {
                    events.binary(frame.binaryData());
                }
                return;
            }
            partial = Buffer.buffer().appendBuffer(frame.binaryData());
            partialIsText = frame.isText();
        } else if (frame.isContinuation() && partial != null) {
            partial.appendBuffer(frame.binaryData());
        } else {
            return;
        }
        if (partial.length() > maxMessageSize) {
            overflow();
            return;
        }
        if (frame.isFinal()) {
            Buffer whole = partial;
            partial = null;
            if (partialIsText) {
                events.text(whole.toString(StandardCharsets.UTF_8));
            } else {
                events.binary(whole);
            }
        }
    }

    /** Forgets a message under way: one of its frames was refused, so the rest cannot make it whole. */
    void discardPartial() {
        partial = null;
    }

    private void overflow() {
        partial = null;
        discarding = true;
        violations.violated(CloseCodes.MESSAGE_TOO_BIG, "message_too_large");
    }
}
