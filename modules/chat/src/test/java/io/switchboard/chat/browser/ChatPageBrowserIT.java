// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.chat.ChatApplication;
import io.switchboard.launcher.Switchboard;
import io.switchboard.launcher.Switchboard.RunningServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat pages in a real headless Chromium, as the tutorial's reader uses them: pick a room, open it in a second
 * page, and talk; sign up, log in, and find one's messages again after a reload. Driven through Selenium WebDriver;
 * needs Debian's {@code chromium} and {@code chromium-driver}: skipped without them, failed without them when
 * {@code CI=true}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatPageBrowserIT {

    private static final Duration STEP = Duration.ofSeconds(8);
    private static final String STATUS_CONNECTED = "document.getElementById('status').textContent === 'Connected'";

    private Chromium browser;
    private String database;
    private Vertx serverVertx;
    private RunningServer server;
    private String site;
    // the configuration's session section: the store
    private JsonObject session = new JsonObject();

    @BeforeEach
    void start() throws Exception {
        Chromium.require();
        browser = new Chromium();
    }

    /** Starts the chat on a free port with a private in-memory database and the given {@code chat} settings. */
    private void startServer(JsonObject chat) throws Exception {
        database = "jdbc:h2:mem:browser-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        startServer(chat, 0);
    }

    private void startServer(JsonObject chat, int port) throws Exception {
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject()
                                .put("host", "127.0.0.1")
                                .put("port", port)
                                .put("instances", 1))
                .put("db", new JsonObject().put("url", database))
                .put("session", session)
                .put("management", new JsonObject().put("port", 0))
                .put("chat", chat);
        serverVertx = Vertx.vertx();
        server = Switchboard.start(serverVertx, new ChatApplication(), config).await(10, TimeUnit.SECONDS);
        site = "http://127.0.0.1:" + server.port();
    }

    /** Stops the chat as SIGTERM does and starts it again on the same port and database: a new process. */
    private void restartServer() throws Exception {
        int port = server.port();
        server.close().await(10, TimeUnit.SECONDS);
        server = null;
        startServer(new JsonObject(), port);
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
        BrowserPage a = browser.newPage("A");
        BrowserPage b = browser.newPage("B");
        BrowserPage c = browser.newPage("C");

        a.navigate(site + "/chat/");
        a.type("#room-name-input", "lobby");
        a.click("#room-name-submit");
        a.waitFor("the lobby page", "location.pathname === '/chat/lobby/'", STEP);
        b.navigate(site + "/chat/lobby/");
        a.waitFor("its socket", STATUS_CONNECTED, STEP);
        b.waitFor("its socket", STATUS_CONNECTED, STEP);
        // both pages list who is here: two anonymous pages, one user name
        for (BrowserPage page : List.of(a, b)) {
            page.waitFor(
                    "2 here, from presence",
                    "document.getElementById('member-count').textContent === '2'"
                            + " && document.getElementById('member-list').textContent === 'anonymous (2)'",
                    STEP);
        }

        // C sees the lobby in the room list, then enters another room with the Enter key
        c.navigate(site + "/chat/");
        c.waitFor(
                "the lobby with 2 people in the room list",
                "document.getElementById('rooms').textContent.includes('lobby 2 here, 0 messages')",
                STEP);
        c.type("#room-name-input", "kitchen");
        c.pressEnter();
        c.waitFor("the kitchen page", "location.pathname === '/chat/kitchen/'", STEP);
        c.waitFor("its socket", STATUS_CONNECTED, STEP);

        a.type("#chat-message-input", "hello from A");
        a.click("#chat-message-submit");
        b.waitFor("A's message", logHas("hello from A"), STEP);
        a.waitFor("its own message", logHas("hello from A"), STEP);

        b.type("#chat-message-input", "hello from B");
        b.pressEnter();
        a.waitFor("B's message", logHas("hello from B"), STEP);
        b.waitFor("its own message", logHas("hello from B"), STEP);

        // A stray lobby message would reach C's socket before C's own message comes back on it
        c.type("#chat-message-input", "hello from C");
        c.click("#chat-message-submit");
        c.waitFor("its own message", logHas("hello from C"), STEP);

        assertThat(log(a)).containsExactly("anonymous hello from A", "anonymous hello from B");
        assertThat(log(b)).containsExactly("anonymous hello from A", "anonymous hello from B");
        assertThat(log(c)).containsExactly("anonymous hello from C");
        assertThat(c.evaluate("document.getElementById('member-list').textContent"))
                .isEqualTo("anonymous");
        assertThat(a.evaluate("document.getElementById('chat-message-input').value"))
                .isEqualTo("");
        assertThat(a.evaluate("document.title")).isEqualTo("lobby - Switchboard chat");

        Path screenshot = Path.of(System.getProperty("basedir", "."), "target", "chat-page-browser.png");
        Files.createDirectories(screenshot.getParent());
        a.screenshot(screenshot);
        assertThat(Files.size(screenshot)).isGreaterThan(1_000);
        System.out.println("Screenshot of page A: " + screenshot.toAbsolutePath());

        // B's browser goes: A's member list goes down at once
        b.close();
        a.waitFor(
                "1 here once B left",
                "document.getElementById('member-count').textContent === '1'"
                        + " && document.getElementById('member-list').textContent === 'anonymous'",
                STEP);
    }

    @Test
    void aPageSignsUpLogsInSendsAndAfterAReloadSeesItsMessageUnderItsName() throws Exception {
        startServer(new JsonObject());
        BrowserPage page = browser.newPage("Zoe");
        page.navigate(site + "/chat/");
        page.waitFor("the log-in form", "document.getElementById('auth-form') !== null", STEP);
        page.type("#auth-username", "zoe");
        page.type("#auth-password", "zoe's password");
        page.click("#auth-signup");
        page.waitFor("zoe logged in", userShown("zoe"), STEP);

        page.click("#auth-logout");
        page.waitFor("the log-in form again", "document.getElementById('auth-form') !== null", STEP);
        page.type("#auth-username", "zoe");
        page.type("#auth-password", "not zoe's password");
        page.click("#auth-login");
        page.waitFor(
                "the error for a wrong password",
                "document.getElementById('auth-error').textContent === 'Wrong username or password'",
                STEP);
        page.type("#auth-password", "zoe's password");
        page.pressEnter();
        page.waitFor("zoe logged in again", userShown("zoe"), STEP);

        page.type("#room-name-input", "lobby");
        page.click("#room-name-submit");
        page.waitFor("the lobby page", "location.pathname === '/chat/lobby/'", STEP);
        page.waitFor("its socket", STATUS_CONNECTED, STEP);
        page.waitFor("zoe on the room page", userShown("zoe"), STEP);
        page.type("#chat-message-input", "hi, I am zoe");
        page.click("#chat-message-submit");
        page.waitFor("its own message", logHas("hi, I am zoe"), STEP);

        page.evaluate("window.beforeReload = true");
        page.reload();
        page.waitFor("the reloaded page with its socket", "!window.beforeReload && " + STATUS_CONNECTED, STEP);
        page.waitFor("the history", logHas("hi, I am zoe"), STEP);
        assertThat(log(page)).containsExactly("zoe hi, I am zoe");
        assertThat(page.evaluate("document.getElementById('auth-status').textContent"))
                .isEqualTo("Logged in as zoe Log out");
    }

    @Test
    void withRequireLoginThePageSaysWritingNeedsALoginAndOffersIt() throws Exception {
        startServer(new JsonObject().put("requireLogin", true));
        BrowserPage page = browser.newPage("Anonymous");
        page.navigate(site + "/chat/hall/");
        page.waitFor("its socket", STATUS_CONNECTED, STEP);
        page.waitFor(
                "the note that writing needs a login",
                "!document.getElementById('write-note').hidden"
                        + " && document.getElementById('chat-message-input').disabled",
                STEP);
        assertThat(page.evaluate("document.getElementById('auth-status').textContent"))
                .isEqualTo("Not logged in: log in or sign up to write.");

        page.type("#auth-username", "yuri");
        page.type("#auth-password", "yuri's password");
        page.click("#auth-signup");
        page.waitFor(
                "the input enabled after signing up",
                userShown("yuri") + " && !document.getElementById('chat-message-input').disabled"
                        + " && document.getElementById('write-note').hidden",
                STEP);
        // the socket reconnects to carry the new user: wait for its history frame to be re-read
        page.waitFor("its new socket", STATUS_CONNECTED, STEP);
        page.type("#chat-message-input", "now I may");
        page.click("#chat-message-submit");
        page.waitFor("its message under its name", logHas("now I may"), STEP);
        assertThat(log(page)).containsExactly("yuri now I may");
    }

    @Test
    void aPageWhoseConnectionDropsCatchesUpWithExactlyWhatItMissed() throws Exception {
        startServer(new JsonObject());
        try (CuttableProxy network = CuttableProxy.start(serverVertx, server.port())) {
            BrowserPage away = lobbyPage("away", "http://127.0.0.1:" + network.port());
            BrowserPage here = lobbyPage("here", site);
            say(here, "before");
            away.waitFor("the first message", logHas("before"), STEP);

            network.cut();
            away.waitFor("the drop", "document.getElementById('status').textContent.startsWith('Disconnected')", STEP);
            for (int i = 1; i <= 5; i++) {
                say(here, "while away " + i);
            }
            away.waitFor("its socket again", STATUS_CONNECTED, STEP);
            away.waitFor("the last message it missed", logHas("while away 5"), STEP);
            say(here, "after");
            away.waitFor("the next live message", logHas("after"), STEP);

            assertThat(log(away))
                    .containsExactly(
                            "anonymous before",
                            "anonymous while away 1",
                            "anonymous while away 2",
                            "anonymous while away 3",
                            "anonymous while away 4",
                            "anonymous while away 5",
                            "anonymous after");
        }
    }

    /**
     * A message written as the socket drops: once it never reached the server, once the server had it but its echo
     * never reached the page. Either way the page sends it again on its next socket, and every page shows it once.
     */
    @Test
    void aMessageWrittenAsTheSocketDropsArrivesOnceEitherWay() throws Exception {
        startServer(new JsonObject());
        try (CuttableProxy network = CuttableProxy.start(serverVertx, server.port())) {
            BrowserPage writer = lobbyPage("writer", "http://127.0.0.1:" + network.port());
            BrowserPage reader = lobbyPage("reader", site);
            say(writer, "before");
            reader.waitFor("the first message", logHas("before"), STEP);

            network.holdTowardServer();
            writer.type("#chat-message-input", "never reached the server");
            writer.click("#chat-message-submit");
            network.cut();
            writer.waitFor("its message, sent again", logHas("never reached the server"), STEP);
            reader.waitFor("the message sent again", logHas("never reached the server"), STEP);

            network.holdTowardPages();
            writer.type("#chat-message-input", "its echo never came back");
            writer.click("#chat-message-submit");
            reader.waitFor("the message", logHas("its echo never came back"), STEP);
            network.cut();
            writer.waitFor("its message, recovered", logHas("its echo never came back"), STEP);
            writer.waitFor("nothing pending", "window.chatSocket.pending === 0", STEP);
            say(reader, "after");
            writer.waitFor("the next live message", logHas("after"), STEP);

            List<String> expected = List.of(
                    "anonymous before",
                    "anonymous never reached the server",
                    "anonymous its echo never came back",
                    "anonymous after");
            assertThat(log(writer)).containsExactlyElementsOf(expected);
            assertThat(log(reader)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRestartedServerCannotCatchThePageUpSoItShowsTheStoredMessagesOnceAndMarksTheGap() throws Exception {
        startServer(new JsonObject());
        BrowserPage a = browser.newPage("A");
        BrowserPage b = browser.newPage("B");
        a.navigate(site + "/chat/lobby/");
        b.navigate(site + "/chat/lobby/");
        a.waitFor("its socket", STATUS_CONNECTED, STEP);
        b.waitFor("its socket", STATUS_CONNECTED, STEP);
        // both pages list who is here: two anonymous pages, one user name
        for (BrowserPage page : List.of(a, b)) {
            page.waitFor(
                    "2 here, from presence",
                    "document.getElementById('member-count').textContent === '2'"
                            + " && document.getElementById('member-list').textContent === 'anonymous (2)'",
                    STEP);
        }
        say(b, "one");
        a.waitFor("B's message", logHas("one"), STEP);

        // a new process: the room's live history starts on a new epoch, the database still has "one"
        restartServer();
        a.waitFor("the gap marked after the stored messages", "!!document.querySelector('#chat-log li.gap')", STEP);
        b.waitFor("its socket again", STATUS_CONNECTED + " && !!document.querySelector('#chat-log li.gap')", STEP);
        say(b, "two");
        a.waitFor("B's next message", logHas("two"), STEP);

        assertThat(log(a))
                .containsExactly(
                        "anonymous one",
                        "Reconnected. Messages sent while this page was away may be missing above.",
                        "anonymous two");
    }

    @Test
    void aLogInOutlivesARestartOfTheServerAndThePageKeepsWritingUnderItsName() throws Exception {
        startServer(new JsonObject());
        BrowserPage page = loggedInInTheLobby("yan");
        say(page, "before");

        // the default store on one node is the database, which the new process reads
        restartServer();
        page.waitFor("the gap marked after the restart", "!!document.querySelector('#chat-log li.gap')", STEP);
        page.waitFor("its socket again", STATUS_CONNECTED, STEP);
        say(page, "after");
        assertThat(log(page)).endsWith("yan after");
        assertThat(page.evaluate("document.getElementById('auth-status').textContent"))
                .isEqualTo("Logged in as yan Log out");
    }

    @Test
    void aPageWhoseSessionDidNotSurviveTheRestartSaysSoInsteadOfShowingTheOldLogIn() throws Exception {
        session = new JsonObject().put("store", "memory");
        startServer(new JsonObject());
        BrowserPage page = loggedInInTheLobby("xia");

        // sessions in memory end with the process: the page learns it when its socket comes back
        restartServer();
        page.waitFor(
                "the page saying it is no longer logged in",
                "document.getElementById('auth-form') !== null && " + STATUS_CONNECTED,
                STEP);
        say(page, "who am I");
        assertThat(log(page)).endsWith("anonymous who am I");
    }

    /** A page that signed up as {@code name} and stands in the lobby with its socket open. */
    private BrowserPage loggedInInTheLobby(String name) {
        BrowserPage page = browser.newPage(name);
        page.navigate(site + "/chat/lobby/");
        page.waitFor("the log-in form", "document.getElementById('auth-form') !== null", STEP);
        page.type("#auth-username", name);
        page.type("#auth-password", name + "'s password");
        page.click("#auth-signup");
        page.waitFor(name + " logged in", userShown(name), STEP);
        page.waitFor("its socket", STATUS_CONNECTED, STEP);
        return page;
    }

    /** A page on the lobby at {@code origin} (the server's, or a relay's), once its socket is open. */
    private BrowserPage lobbyPage(String name, String origin) {
        BrowserPage page = browser.newPage(name);
        page.navigate(origin + "/chat/lobby/");
        page.waitFor("its socket", STATUS_CONNECTED, STEP);
        return page;
    }

    /** Sends a message from a page and waits until it comes back to that page. */
    private static void say(BrowserPage page, String text) {
        page.type("#chat-message-input", text);
        page.click("#chat-message-submit");
        page.waitFor("its own message " + text, logHas(text), STEP);
    }

    private static String userShown(String name) {
        return "(document.getElementById('auth-user') || {}).textContent === " + Json.encode(name);
    }

    private static String logHas(String text) {
        return "[...document.querySelectorAll('#chat-log li.message .text')].some(e => e.textContent === "
                + Json.encode(text) + ")";
    }

    private static List<String> log(BrowserPage page) {
        Object items = page.evaluate("[...document.querySelectorAll('#chat-log li')].map(e => e.textContent)");
        return ((List<?>) items).stream().map(String::valueOf).toList();
    }
}
