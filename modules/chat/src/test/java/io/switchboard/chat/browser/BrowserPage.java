// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Base64;

/**
 * One tab of a {@link Chromium}, driven as a user would: navigate, type into an element, click it, press Enter, and
 * read the page with JavaScript. Conditions are awaited by polling the page with a deadline. Every method returns
 * immediately; futures complete on a Vert.x event loop.
 */
final class BrowserPage {

    private static final long POLL_MILLIS = 50;

    private final Vertx vertx;
    private final CdpConnection cdp;
    private final String sessionId;
    private final String name;

    BrowserPage(Vertx vertx, CdpConnection cdp, String sessionId, String name) {
        this.vertx = vertx;
        this.cdp = cdp;
        this.sessionId = sessionId;
        this.name = name;
    }

    /**
     * Loads a URL and waits until the page has loaded.
     *
     * @param url an absolute URL
     * @param timeoutMillis how long loading may take
     * @return a future completed once {@code document.readyState} is {@code complete} at that URL
     */
    Future<Void> navigate(String url, long timeoutMillis) {
        return command("Page.navigate", new JsonObject().put("url", url))
                .compose(result -> result.containsKey("errorText")
                        ? Future.failedFuture(new IllegalStateException(
                                name + " could not load " + url + ": " + result.getString("errorText")))
                        : Future.succeededFuture())
                .compose(v -> waitFor(
                        "load of " + url,
                        "location.href === " + Json.encode(url) + " && document.readyState === 'complete'",
                        timeoutMillis))
                .mapEmpty();
    }

    /**
     * Runs JavaScript in the page, awaiting a returned promise.
     *
     * @param expression the script; its value must be JSON-serialisable
     * @return a future of the value; failed with the page's exception when the script throws
     */
    Future<Object> evaluate(String expression) {
        JsonObject params = new JsonObject()
                .put("expression", expression)
                .put("awaitPromise", true)
                .put("returnByValue", true);
        return command("Runtime.evaluate", params).compose(result -> {
            JsonObject thrown = result.getJsonObject("exceptionDetails");
            if (thrown != null) {
                JsonObject exception = thrown.getJsonObject("exception", new JsonObject());
                return Future.failedFuture(new IllegalStateException("Script failed in " + name + ": "
                        + exception.getString("description", thrown.getString("text")) + " (script: " + expression
                        + ")"));
            }
            return Future.succeededFuture(result.getJsonObject("result").getValue("value"));
        });
    }

    /**
     * Polls a JavaScript condition until it is {@code true}. Script errors while polling (such as a page being
     * replaced during navigation) count as "not yet".
     *
     * @param what what is awaited, for the timeout message
     * @param condition a script whose value is a boolean
     * @param timeoutMillis how long to wait
     * @return a future completed when the condition holds; failed, with the page's URL and text, on timeout
     */
    Future<Void> waitFor(String what, String condition, long timeoutMillis) {
        Promise<Void> done = Promise.promise();
        poll(what, condition, System.nanoTime() + timeoutMillis * 1_000_000, timeoutMillis, done);
        return done.future();
    }

    /**
     * Types text into an element as keyboard input, after focusing it.
     *
     * @param selector a CSS selector naming one element
     * @param text the text
     * @return a future completed once the text is inserted
     */
    Future<Void> type(String selector, String text) {
        return evaluate(element(selector) + ".focus()")
                .compose(v -> command("Input.insertText", new JsonObject().put("text", text)))
                .mapEmpty();
    }

    /**
     * Clicks the middle of an element with the mouse's left button.
     *
     * @param selector a CSS selector naming one element
     * @return a future completed once the button is released
     */
    Future<Void> click(String selector) {
        String centre = "(() => { const e = " + element(selector) + "; e.scrollIntoView({block: 'center'}); "
                + "const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()";
        return evaluate(centre).compose(value -> {
            JsonObject point = (JsonObject) value;
            return mouse("mousePressed", point).compose(v -> mouse("mouseReleased", point));
        });
    }

    /**
     * Presses and releases Enter in the focused element.
     *
     * @return a future completed once the key is released
     */
    Future<Void> pressEnter() {
        JsonObject key = new JsonObject()
                .put("key", "Enter")
                .put("code", "Enter")
                .put("windowsVirtualKeyCode", 13)
                .put("nativeVirtualKeyCode", 13);
        return command(
                        "Input.dispatchKeyEvent",
                        key.copy().put("type", "keyDown").put("text", "\r"))
                .compose(v -> command("Input.dispatchKeyEvent", key.copy().put("type", "keyUp")))
                .mapEmpty();
    }

    /**
     * Saves a PNG of the visible page.
     *
     * @param file where to write it
     * @return a future completed once the file is written
     */
    Future<Void> screenshot(Path file) {
        return command("Page.bringToFront", new JsonObject())
                .compose(v -> command("Page.captureScreenshot", new JsonObject().put("format", "png")))
                .compose(result -> vertx.fileSystem()
                        .writeFile(
                                file.toString(),
                                Buffer.buffer(Base64.getDecoder().decode(result.getString("data")))));
    }

    @Override
    public String toString() {
        return "page " + name;
    }

    private Future<JsonObject> command(String method, JsonObject params) {
        return cdp.send(sessionId, method, params);
    }

    private Future<Void> mouse(String type, JsonObject point) {
        return command(
                        "Input.dispatchMouseEvent",
                        new JsonObject()
                                .put("type", type)
                                .put("x", point.getValue("x"))
                                .put("y", point.getValue("y"))
                                .put("button", "left")
                                .put("clickCount", 1))
                .mapEmpty();
    }

    private static String element(String selector) {
        String quoted = Json.encode(selector);
        return "(document.querySelector(" + quoted + ") || (() => { throw new Error('no element ' + " + quoted
                + "); })())";
    }

    private void poll(String what, String condition, long deadline, long timeoutMillis, Promise<Void> done) {
        evaluate(condition).onComplete(ar -> {
            if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
                done.complete();
            } else if (System.nanoTime() - deadline >= 0) {
                String last = ar.succeeded() ? "false" : ar.cause().getMessage();
                evaluate("location.href + ' shows: ' + document.body.innerText.slice(0, 400)")
                        .recover(err -> Future.succeededFuture("(page unreadable: " + err.getMessage() + ")"))
                        .onComplete(state -> done.fail(new IllegalStateException(name + " waited " + timeoutMillis
                                + " ms for " + what + "; last result " + last + "; " + state.result())));
            } else {
                vertx.setTimer(POLL_MILLIS, t -> poll(what, condition, deadline, timeoutMillis, done));
            }
        });
    }
}
