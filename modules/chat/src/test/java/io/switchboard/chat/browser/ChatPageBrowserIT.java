// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatApplication;
import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat pages in a real headless Chromium, as the tutorial's reader uses them: pick a room, open it in a second
 * tab, and talk; sign up, log in, and find one's messages again after a reload. Needs {@code /usr/bin/chromium}: skipped without it, failed without it when {@code CI=true}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatPageBrowserIT {

    private static final long STEP_MILLIS = 8_000;
    private static final String STATUS_CONNECTED = "document.getElementById('status').textContent === 'Connected'";

    private Chromium browser;
    private String database;
    private Vertx serverVertx;
    private RunningServer server;
    private String site;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        Chromium.assumeInstalled();
        // a cold start on a loaded two-core machine has taken more than 10 s
        browser = Chromium.launch(vertx, 30_000);
    }

    /** Starts the chat on a free port with a private in-memory database and the given {@code chat} settings. */
    private void startServer(JsonObject chat) throws Exception {
        database = "jdbc:h2:mem:browser-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put("db", new JsonObject().put("url", database))
                .put("chat", chat);
        serverVertx = Vertx.vertx();
        server = Switchboard.start(serverVertx, new ChatApplication(), config).await(10, TimeUnit.SECONDS);
        site = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close().await(10, TimeUnit.SECONDS);
            } else if (serverVertx != null) {
                serverVertx.close().await(10, TimeUnit.SECONDS);
            }
            if (database != null) {
                // DB_CLOSE_DELAY=-1 keeps an in-memory database until it is shut down
                try (Connection c = DriverManager.getConnection(database, "sa", "");
                        Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }

    @Test
    void twoPagesInOneRoomExchangeMessagesThatAnotherRoomNeverSees() throws Exception {
        startServer(new JsonObject());
        BrowserPage a = await(browser.newPage("A"));
        BrowserPage b = await(browser.newPage("B"));
        BrowserPage c = await(browser.newPage("C"));

        await(a.navigate(site + "/chat/", STEP_MILLIS));
        await(a.type("#room-name-input", "lobby"));
        await(a.click("#room-name-submit"));
        await(a.waitFor("the lobby page", "location.pathname === '/chat/lobby/'", STEP_MILLIS));
        await(b.navigate(site + "/chat/lobby/", STEP_MILLIS));
        await(a.waitFor("its socket", STATUS_CONNECTED, STEP_MILLIS));
        await(b.waitFor("its socket", STATUS_CONNECTED, STEP_MILLIS));

        // C sees the lobby in the room list, then enters another room with the Enter key
        await(c.navigate(site + "/chat/", STEP_MILLIS));
        await(c.waitFor(
                "the lobby with 2 people in the room list",
                "document.getElementById('rooms').textContent.includes('lobby 2 here, 0 messages')",
                STEP_MILLIS));
        await(c.type("#room-name-input", "kitchen"));
        await(c.pressEnter());
        await(c.waitFor("the kitchen page", "location.pathname === '/chat/kitchen/'", STEP_MILLIS));
        await(c.waitFor("its socket", STATUS_CONNECTED, STEP_MILLIS));

        await(a.type("#chat-message-input", "hello from A"));
        await(a.click("#chat-message-submit"));
        await(b.waitFor("A's message", logHas("hello from A"), STEP_MILLIS));
        await(a.waitFor("its own message", logHas("hello from A"), STEP_MILLIS));

        await(b.type("#chat-message-input", "hello from B"));
        await(b.pressEnter());
        await(a.waitFor("B's message", logHas("hello from B"), STEP_MILLIS));
        await(b.waitFor("its own message", logHas("hello from B"), STEP_MILLIS));

        // A stray lobby message would reach C's socket before C's own message comes back on it
        await(c.type("#chat-message-input", "hello from C"));
        await(c.click("#chat-message-submit"));
        await(c.waitFor("its own message", logHas("hello from C"), STEP_MILLIS));

        assertThat(log(a)).containsExactly("anonymous hello from A", "anonymous hello from B");
        assertThat(log(b)).containsExactly("anonymous hello from A", "anonymous hello from B");
        assertThat(log(c)).containsExactly("anonymous hello from C");
        assertThat(await(a.evaluate("document.getElementById('chat-message-input').value")))
                .isEqualTo("");
        assertThat(await(a.evaluate("document.title"))).isEqualTo("lobby - Switchboard chat");

        Path screenshot = Path.of(System.getProperty("basedir", "."), "target", "chat-page-browser.png");
        Files.createDirectories(screenshot.getParent());
        await(a.screenshot(screenshot));
        assertThat(Files.size(screenshot)).isGreaterThan(1_000);
        System.out.println("Screenshot of page A: " + screenshot.toAbsolutePath());
    }

    @Test
    void aPageSignsUpLogsInSendsAndAfterAReloadSeesItsMessageUnderItsName() throws Exception {
        startServer(new JsonObject());
        BrowserPage page = await(browser.newPage("Zoe"));
        await(page.navigate(site + "/chat/", STEP_MILLIS));
        await(page.waitFor("the log-in form", "document.getElementById('auth-form') !== null", STEP_MILLIS));
        await(page.type("#auth-username", "zoe"));
        await(page.type("#auth-password", "zoe's password"));
        await(page.click("#auth-signup"));
        await(page.waitFor("zoe logged in", userShown("zoe"), STEP_MILLIS));

        await(page.click("#auth-logout"));
        await(page.waitFor("the log-in form again", "document.getElementById('auth-form') !== null", STEP_MILLIS));
        await(page.type("#auth-username", "zoe"));
        await(page.type("#auth-password", "not zoe's password"));
        await(page.click("#auth-login"));
        await(page.waitFor(
                "the error for a wrong password",
                "document.getElementById('auth-error').textContent === 'Wrong username or password'",
                STEP_MILLIS));
        await(page.type("#auth-password", "zoe's password"));
        await(page.pressEnter());
        await(page.waitFor("zoe logged in again", userShown("zoe"), STEP_MILLIS));

        await(page.type("#room-name-input", "lobby"));
        await(page.click("#room-name-submit"));
        await(page.waitFor("the lobby page", "location.pathname === '/chat/lobby/'", STEP_MILLIS));
        await(page.waitFor("its socket", STATUS_CONNECTED, STEP_MILLIS));
        await(page.waitFor("zoe on the room page", userShown("zoe"), STEP_MILLIS));
        await(page.type("#chat-message-input", "hi, I am zoe"));
        await(page.click("#chat-message-submit"));
        await(page.waitFor("its own message", logHas("hi, I am zoe"), STEP_MILLIS));

        await(page.evaluate("window.beforeReload = true"));
        await(page.evaluate("location.reload()"));
        await(page.waitFor(
                "the reloaded page with its socket", "!window.beforeReload && " + STATUS_CONNECTED, STEP_MILLIS));
        await(page.waitFor("the history", logHas("hi, I am zoe"), STEP_MILLIS));
        assertThat(log(page)).containsExactly("zoe hi, I am zoe");
        assertThat(await(page.evaluate("document.getElementById('auth-status').textContent")))
                .isEqualTo("Logged in as zoe Log out");
    }

    @Test
    void withRequireLoginThePageSaysWritingNeedsALoginAndOffersIt() throws Exception {
        startServer(new JsonObject().put("requireLogin", true));
        BrowserPage page = await(browser.newPage("Anonymous"));
        await(page.navigate(site + "/chat/hall/", STEP_MILLIS));
        await(page.waitFor("its socket", STATUS_CONNECTED, STEP_MILLIS));
        await(page.waitFor(
                "the note that writing needs a login",
                "!document.getElementById('write-note').hidden"
                        + " && document.getElementById('chat-message-input').disabled",
                STEP_MILLIS));
        assertThat(await(page.evaluate("document.getElementById('auth-status').textContent")))
                .isEqualTo("Not logged in: log in or sign up to write.");

        await(page.type("#auth-username", "yuri"));
        await(page.type("#auth-password", "yuri's password"));
        await(page.click("#auth-signup"));
        await(page.waitFor(
                "the input enabled after signing up",
                userShown("yuri") + " && !document.getElementById('chat-message-input').disabled"
                        + " && document.getElementById('write-note').hidden",
                STEP_MILLIS));
        // the socket reconnects to carry the new user: wait for its history frame to be re-read
        await(page.waitFor("its new socket", STATUS_CONNECTED, STEP_MILLIS));
        await(page.type("#chat-message-input", "now I may"));
        await(page.click("#chat-message-submit"));
        await(page.waitFor("its message under its name", logHas("now I may"), STEP_MILLIS));
        assertThat(log(page)).containsExactly("yuri now I may");
    }

    private static String userShown(String name) {
        return "(document.getElementById('auth-user') || {}).textContent === " + Json.encode(name);
    }

    private static String logHas(String text) {
        return "[...document.querySelectorAll('#chat-log li.message .text')].some(e => e.textContent === "
                + Json.encode(text) + ")";
    }

    private static List<String> log(BrowserPage page) throws Exception {
        Object items = await(page.evaluate("[...document.querySelectorAll('#chat-log li')].map(e => e.textContent)"));
        return ((JsonArray) items).stream().map(String::valueOf).toList();
    }

    private static <T> T await(Future<T> step) throws Exception {
        return step.await(STEP_MILLIS + 2_000, TimeUnit.MILLISECONDS);
    }
}
