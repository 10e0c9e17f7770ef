// SPDX-License-Identifier: Apache-2.0
package com.example.firstapp;

import io.switchboard.consumer.JsonWebSocketConsumer;
import io.switchboard.layer.ChannelNames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One browser's subscription to a topic, at {@code /ws/notifications/{topic}/}: the socket joins the topic's group
 * and receives every notification sent to it, as {@code {"topic": ..., "payload": {...}}}. Frames from the client
 * are ignored. A topic that cannot make a group name is refused with HTTP 403 at the handshake.
 */
public class NotificationConsumer extends JsonWebSocketConsumer {

    /** The type of the layer messages this consumer handles. */
    public static final String NOTIFY_MESSAGE = "notify.message";

    public NotificationConsumer() {
        on(NOTIFY_MESSAGE, this::notifyMessage);
    }

    @Override
    protected Future<Void> connect() {
        String topic = scope().routeParam("topic");
        if (!isValidTopic(topic)) {
            return close(); // before accept, close() refuses the handshake with 403
        }
        return groupAdd(group(topic)).compose(v -> accept());
    }

    private Future<Void> notifyMessage(JsonObject event) {
        return sendJson(
                new JsonObject().put("topic", event.getString("topic")).put("payload", event.getJsonObject("payload")));
    }

    /**
     * The group of a topic's subscribers.
     *
     * @param topic the topic, as in the URL
     * @return its group name
     */
    public static String group(String topic) {
        return "notify_" + topic;
    }

    /**
     * Tells whether a topic makes a valid group name: letters, digits, {@code -}, {@code _} or {@code .}, short
     * enough for the group name to stay under 100 characters.
     *
     * @param topic the topic, may be {@code null}
     * @return {@code true} if valid
     */
    public static boolean isValidTopic(String topic) {
        return topic != null && !topic.isEmpty() && ChannelNames.isValidGroup(group(topic));
    }

    /**
     * The layer message that notifies a topic's subscribers.
     *
     * @param topic the topic
     * @param payload what the subscribers receive
     * @return the message, for {@code groupSend(group(topic), ...)}
     */
    public static JsonObject notification(String topic, JsonObject payload) {
        return new JsonObject().put("type", NOTIFY_MESSAGE).put("topic", topic).put("payload", payload);
    }
}
