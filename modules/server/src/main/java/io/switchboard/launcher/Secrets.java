// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/** Masks what a log must not show: values of keys that name a secret, and the password of a URL. */
final class Secrets {

    static final String MASK = "****";

    /** {@code scheme://user:password@} or {@code scheme://:password@}: the password is masked. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(\\w[\\w+.-]*://[^/:@\\s]*):[^@/\\s]*@");

    private Secrets() {}

    /**
     * @param config a configuration
     * @return a copy of it fit for a log
     */
    static JsonObject masked(JsonObject config) {
        JsonObject copy = new JsonObject();
        config.forEach(entry -> copy.put(entry.getKey(), masked(entry.getKey(), entry.getValue())));
        return copy;
    }

    private static Object masked(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (secretKey(key)) {
            return MASK;
        }
        if (value instanceof JsonObject object) {
            return masked(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(masked(key, item)));
            return copy;
        }
        if (value instanceof String text) {
            return URL_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
        }
        return value;
    }

    private static boolean secretKey(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        return name.contains("password")
                || name.contains("secret")
                || name.contains("token")
                || name.endsWith("key") && !name.equals("key");
    }
}
