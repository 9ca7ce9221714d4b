package dev.blackbox.console;

import dev.blackbox.bus.Addresses;
import dev.blackbox.console.bridge.BridgeGuard;
import dev.blackbox.console.bridge.BridgeRules;
import dev.blackbox.console.login.LoginCookie;
import dev.blackbox.console.login.LoginHandler;
import dev.blackbox.console.login.LoginRequired;
import dev.blackbox.console.login.LoginSessions;
import dev.blackbox.console.login.SameOrigin;
import dev.blackbox.console.transcript.SessionFeeds;
import dev.blackbox.console.transcript.TranscriptHistory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

import java.util.Set;

/**
 * The web console: serves the single page and bridges it onto the event bus through SockJS, under
 * {@link BridgeRules} and {@link BridgeGuard}. Routes: {@code /login} (token in, cookie out),
 * {@code /} (the page, login required), {@code /eventbus/*} (the bridge, login and same origin
 * required), and the page's static scripts and styles.
 */
public final class ConsoleVerticle extends VerticleBase {

    static final String WEBROOT = "dev/blackbox/console/webroot";

    private final ConsoleSettings settings;
    private SessionFeeds feeds;
    private MessageConsumer<Object> whoami;
    private MessageConsumer<Object> refused;
    private HttpServer server;

    public ConsoleVerticle(ConsoleSettings settings) {
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        LoginSessions logins = new LoginSessions();
        LoginCookie cookie = new LoginCookie();
        feeds = new SessionFeeds(vertx, settings.journalRoot(), settings.pollMillis());

        Router router = Router.router(vertx);
        router.route().handler(new SecurityHeaders());
        router.post("/login").handler(BodyHandler.create().setBodyLimit(4_096));
        router.route("/login").handler(new LoginHandler(settings.token(), settings.user(), logins, cookie));
        router.get("/").handler(LoginRequired.forPages(logins, cookie));
        router.get("/index.html").handler(LoginRequired.forPages(logins, cookie));
        router.route("/eventbus/*").handler(new SameOrigin()).handler(LoginRequired.forBridge(logins, cookie));
        router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJsOptions())
                .bridge(BridgeRules.options(), new BridgeGuard(feeds, settings.maxMessageBytes())));
        // the page's address list is generated from the one definition, never written twice
        router.get("/js/addresses.js").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8").end(Addresses.javaScript()));
        router.route().handler(StaticHandler.create(WEBROOT).setCachingEnabled(false).setIndexPage("index.html"));

        // the page asks who it is; the bridge has already replaced the body with the login's user
        whoami = vertx.eventBus().consumer(Addresses.CONSOLE_WHOAMI, m -> m.reply(m.body()));
        // what the guard redirects a message to when it cannot be let through: a failure reply the page shows
        refused = vertx.eventBus().consumer(Addresses.CONSOLE_REFUSED, m -> m.fail(413,
                m.body() instanceof JsonObject b ? b.getString("why", "refused") : "refused"));
        return Future.all(whoami.completion(), refused.completion())
                .compose(v -> vertx.deployVerticle(new TranscriptHistory(settings.journalRoot(), settings.historyItems(), settings.logOptions())))
                .compose(id -> vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                                // the socket carries what the guard refuses by reply: larger than the bridge's limit
                                .setMaxWebSocketMessageSize(2 * settings.maxMessageBytes() + 65_536))
                        .requestHandler(router)
                        .listen())
                .onSuccess(s -> server = s);
    }

    /** Long-polling as the fallback to WebSockets; the iframe transports (and their library URL) stay off. */
    private static SockJSHandlerOptions sockJsOptions() {
        return new SockJSHandlerOptions()
                .setInsertJSESSIONID(false)
                .setLibraryURL("/vendor/sockjs.min.js")
                .addDisabledTransport("EVENT_SOURCE")
                .addDisabledTransport("HTML_FILE")
                .addDisabledTransport("JSON_P");
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://HOST:PORT/}; an any-address bind is shown as loopback. */
    public String baseUrl() {
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** The URL to open: with the token when it was generated (the only way to hand it over), else the login form. */
    public String loginUrl() {
        return baseUrl() + (settings.token().generated() ? "login?token=" + settings.token().reveal() : "login");
    }

    /** The sessions whose journals are being tailed for some page (for tests and status). */
    public Set<String> watchedSessions() {
        return feeds.watched();
    }

    @Override
    public Future<?> stop() {
        return Future.join(feeds.closeAll(), whoami.unregister(), refused.unregister(), server == null ? Future.succeededFuture() : server.close());
    }
}
