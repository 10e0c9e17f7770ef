// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.chat.tutorial.TutorialChatConsumer;
import io.switchboard.config.ConfigKeys;
import io.switchboard.db.Database;
import io.switchboard.db.DatabaseException;
import io.switchboard.db.DatabaseMonitoring;
import io.switchboard.db.DatabaseOptions;
import io.switchboard.db.SessionTable;
import io.switchboard.launcher.ConfigurationException;
import io.switchboard.launcher.SessionStores;
import io.switchboard.launcher.Settings;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.Presence;
import io.switchboard.middleware.Middleware;
import io.switchboard.middleware.OriginValidator;
import io.switchboard.routing.ProtocolRouter;
import io.switchboard.routing.UrlRouter;
import io.switchboard.server.AppContext;
import io.switchboard.server.Application;
import io.switchboard.server.ClientScript;
import io.vertx.core.Future;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.SessionStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat application: {@code /chat/} to pick a room, {@code /chat/{room}/} to talk in it, and the consumer at
 * {@code /ws/chat/{room}/}. Room names are slugs (letters, digits, {@code -}, {@code _}) of at most
 * {@value #MAX_ROOM_LENGTH} characters, so that {@code chat_<room>} is a valid group name. The Channels tutorial's
 * consumer ({@link TutorialChatConsumer}) answers on {@code /ws/tutorial/{room}/}, behind the same Origin check and
 * middleware, so the bench can measure the framework on exactly the tutorial's protocol.
 *
 * <p>People may sign up and log in ({@link AccountRoutes}); the session carries the user to the WebSocket side.
 * Messages and accounts live in the database of the configuration's {@code db} section (an embedded H2 file under
 * {@code ./data/} by default, PostgreSQL in production); {@link #start} opens it and applies the chat's Flyway
 * migrations ({@value #MIGRATIONS}), {@link #stop} closes it. The {@code chat} section is {@link ChatSettings}.
 *
 * <p>Sessions live where {@link SessionStores} puts them for this deployment (by default the database's
 * {@code switchboard_sessions} table on one node, Redis or the cluster when the layer is there), so a log-in is known
 * on every node and outlives a restart. A session is stored, and its cookie set, only once someone logs in, as in
 * Django: page views make none. Every
 * HTTP response carries {@link SecurityHeaders}; failed log-ins are throttled ({@link LoginThrottle}) and password
 * hashes queue in a bounded {@link HashingPool}; stored history is pruned by {@link HistoryRetention}.
 */
public class ChatApplication implements Application {

    /** Longest room name: {@code chat_} plus the room must stay under Channels' 100-character limit. */
    public static final int MAX_ROOM_LENGTH = 90;

    /** Where the chat's migrations are. */
    public static final String MIGRATIONS = "classpath:db/migration/chat";

    private static final Logger LOG = LoggerFactory.getLogger(ChatApplication.class);
    // Argon2 takes 19 MiB and tens of milliseconds per hash: a few at a time
    private static final int HASHING_THREADS = 2;

    private final Rooms rooms = new Rooms();
    private volatile Database database;
    private volatile HashingPool hashing;
    private volatile ChatServices chat;
    private volatile Accounts accounts;
    private volatile LoginThrottle throttle;
    private volatile HistoryRetention retention;
    private volatile SessionStore sessions;

    /**
     * The chat's own section and the database's.
     *
     * @return {@link ChatSettings#KEYS} and {@link DatabaseOptions#KEYS}
     */
    @Override
    public List<ConfigKeys> configKeys() {
        return List.of(ChatSettings.KEYS, DatabaseOptions.KEYS);
    }

    /**
     * Opens the database of the {@code db} section and brings its schema up to date.
     *
     * @param app the process's context
     * @return a future completed when the database is ready; failed with {@link ConfigurationException} for a bad
     *     {@code db} or {@code chat} section, or with the database's error when it cannot be reached or migrated
     */
    @Override
    public Future<Void> start(AppContext app) {
        ChatSettings settings;
        DatabaseOptions options;
        try {
            settings = new ChatSettings(Settings.section(app.config(), "chat"));
            options = new DatabaseOptions(Settings.section(app.config(), "db"));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ConfigurationException(e.getMessage(), e));
        } catch (ConfigurationException e) {
            return Future.failedFuture(e);
        }
        return keepRecentMessages(app, settings)
                .compose(recovery -> Database.open(app.vertx(), options)
                        // a database that cannot be opened says why and what to do: no stack trace needed
                        .recover(err -> Future.failedFuture(
                                err instanceof DatabaseException
                                        ? new ConfigurationException(err.getMessage(), err)
                                        : err))
                        .compose(db -> db.migrate(MIGRATIONS)
                                .compose(applied -> SessionStores.create(
                                                app, () -> SessionTable.create(app.vertx(), db))
                                        .map(store -> {
                                            sessions = store;
                                            return applied;
                                        }))
                                .map(applied -> {
                                    LOG.info(
                                            "Chat database {} ready ({} migrations applied, {} DB workers)",
                                            options.getUrl(),
                                            applied,
                                            options.getWorkers());
                                    database = db;
                                    DatabaseMonitoring.register(db, app.monitoring());
                                    hashing = new HashingPool(app.vertx(), HASHING_THREADS, settings.getHashingQueue());
                                    MessageStore store = new MessageStore(app.vertx(), db, settings);
                                    chat = new ChatServices(
                                            store, settings, rooms, new MessageIds(), new RoomWrites(), recovery);
                                    accounts = new Accounts(db, hashing);
                                    throttle = new LoginThrottle(settings);
                                    retention = new HistoryRetention(app.vertx(), store, settings);
                                    if (settings.isStore()) {
                                        retention.start();
                                    }
                                    return (Void) null;
                                })
                                .recover(err -> db.close().transform(x -> Future.failedFuture(err)))));
    }

    /**
     * Asks the channel layer to keep each room's latest messages, for clients that come back from a lost
     * connection. A layer that keeps no group history leaves recovery off, and says so once: those clients then
     * reload the room's stored history and their page marks the gap.
     *
     * @return whether recovery is on
     */
    private static Future<Boolean> keepRecentMessages(AppContext app, ChatSettings settings) {
        HistoryPolicy policy = settings.recoveryPolicy();
        if (policy == null) {
            return Future.succeededFuture(false);
        }
        return app.channelLayer()
                .keepHistory(Rooms.GROUP_PREFIX + "*", policy)
                .map(true)
                .recover(err -> {
                    LOG.warn(
                            "Recovery is off: {}; a client that comes back from a lost connection reloads the room's"
                                    + " stored messages instead",
                            err.getMessage());
                    return Future.succeededFuture(false);
                });
    }

    /**
     * Builds one instance's router.
     *
     * @param app the process's context
     * @return the router
     * @throws IllegalStateException if {@link #start} has not completed
     */
    @Override
    public ProtocolRouter router(AppContext app) {
        ChatServices services = chat;
        if (services == null) {
            throw new IllegalStateException(
                    "ChatApplication.router needs the database: run start(app) first (Switchboard.start does)");
        }
        ChatSettings settings = services.settings();
        Presence presence = app.channelLayer().presence();
        SessionStore sessions = this.sessions;
        Router http = Router.router(app.vertx());
        http.route().handler(new SecurityHeaders());
        SessionHandler sessionHandler = SessionHandler.create(sessions)
                .setLazySession(true)
                .setSessionTimeout(settings.getSessionTimeout() * 1000L)
                .setCookieMaxAge(settings.getSessionTimeout())
                .setCookieSecureFlag(settings.isSecureCookie(app.serverOptions().isTls()))
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.LAX);
        // only the account endpoints read the session: pages and files cost the store nothing
        http.route("/chat/api/*").handler(sessionHandler);
        http.get("/").handler(ctx -> ctx.redirect("/chat/"));
        http.get("/chat/api/rooms")
                .handler(ctx -> services.store().rooms().onComplete(stored -> {
                    if (stored.failed()) {
                        LOG.warn("Room list not loaded: {}", String.valueOf(stored.cause()));
                        ctx.response().setStatusCode(503);
                    }
                    rooms.list(stored.succeeded() ? stored.result() : List.of(), presence)
                            .onComplete(listed -> ctx.json(listed.result()));
                }));
        new AccountRoutes(accounts, settings, throttle, app.channelLayer(), sessionHandler).mount(http);
        http.getWithRegex("/chat").handler(ctx -> ctx.redirect("/chat/"));
        http.get("/chat/").handler(ctx -> ctx.reroute("/static/chat/index.html"));
        http.getWithRegex("/chat/([-a-zA-Z0-9_]{1," + MAX_ROOM_LENGTH + "})/")
                .handler(ctx -> ctx.reroute("/static/chat/room.html"));
        http.getWithRegex("/chat/([^/]+)")
                .handler(ctx -> ctx.redirect(ctx.request().path() + "/"));
        http.get(ClientScript.PATH).handler(ClientScript.handler());
        http.route("/static/*")
                .handler(ctx -> {
                    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                    ctx.next();
                })
                .handler(StaticHandler.create("webroot").setCachingEnabled(false));

        return ProtocolRouter.builder(app)
                .http(http)
                .middleware(OriginValidator.create(app.serverOptions().getAllowedOrigins()))
                .middleware(Middleware.authStack(sessions))
                .websocket(UrlRouter.builder()
                        .route("/ws/chat/{room:slug}/", () -> new ChatConsumer(services))
                        .route("/ws/tutorial/{room:slug}/", TutorialChatConsumer::new)
                        .build())
                .build();
    }

    /** @return the session store, once {@link #start} has completed; for tests */
    SessionStore sessions() {
        return sessions;
    }

    /** @return the history's pruning, once {@link #start} has completed; for tests, which prune at once */
    HistoryRetention retention() {
        return retention;
    }

    /**
     * Closes the database, after every verticle stopped.
     *
     * @return a future completed once it is closed
     */
    @Override
    public Future<Void> stop() {
        HashingPool pool = hashing;
        HistoryRetention pruning = retention;
        if (pruning != null) {
            pruning.stop();
        }
        SessionStore store = sessions;
        sessions = null;
        if (store != null) {
            store.close();
        }
        Database db = database;
        database = null;
        chat = null;
        if (pool != null) {
            pool.close();
        }
        return db == null ? Future.succeededFuture() : db.close();
    }
}
