package dev.blackbox.console.login;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with a login session; the console user goes into the context under
 * {@link #USER}. Pages are redirected to {@code /login}; everything else (the event-bus bridge) gets
 * a 401, so without the token there is no bridge at all.
 */
public final class LoginRequired implements Handler<RoutingContext> {

    public static final String USER = "blackbox.console.user";

    private final LoginSessions sessions;
    private final LoginCookie cookie;
    private final boolean redirect;

    private LoginRequired(LoginSessions sessions, LoginCookie cookie, boolean redirect) {
        this.sessions = sessions;
        this.cookie = cookie;
        this.redirect = redirect;
    }

    /** For pages: no login, go to the login form. */
    public static LoginRequired forPages(LoginSessions sessions, LoginCookie cookie) {
        return new LoginRequired(sessions, cookie, true);
    }

    /** For the bridge: no login, 401. */
    public static LoginRequired forBridge(LoginSessions sessions, LoginCookie cookie) {
        return new LoginRequired(sessions, cookie, false);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String user = sessions.userOf(cookie.read(ctx.request().headers()));
        if (user != null) {
            ctx.put(USER, user);
            ctx.next();
        } else if (redirect) {
            ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/login").end();
        } else {
            ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("log in first: open the URL that 'blackbox console' printed\n");
        }
    }
}
