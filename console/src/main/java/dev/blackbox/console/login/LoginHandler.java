package dev.blackbox.console.login;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /login}: {@code GET /login?token=T} (the URL printed at start) or the form's
 * {@code POST /login} checks the token, opens a login session as the console user, sets the cookie
 * and sends the browser to the console, so the token leaves the address bar at once. A wrong token
 * gets the form again with a 401.
 */
public final class LoginHandler implements Handler<RoutingContext> {

    private static final String FORM = "dev/blackbox/console/login.html";

    private final ConsoleToken token;
    private final String user;
    private final LoginSessions sessions;
    private final LoginCookie cookie;
    private final String form;

    public LoginHandler(ConsoleToken token, String user, LoginSessions sessions, LoginCookie cookie) {
        this.token = token;
        this.user = user;
        this.sessions = sessions;
        this.cookie = cookie;
        this.form = resource(FORM);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String offered = ctx.request().getFormAttribute("token");
        if (offered == null) {
            offered = ctx.request().getParam("token");
        }
        if (offered == null) {
            page(ctx, 200, "");
            return;
        }
        if (!token.matches(offered.trim())) {
            page(ctx, 401, "<p class=\"error\">That token does not open this console.</p>");
            return;
        }
        ctx.response()
                .setStatusCode(303)
                .putHeader(HttpHeaders.SET_COOKIE, cookie.setCookie(sessions.open(user)))
                .putHeader(HttpHeaders.LOCATION, "/")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end();
    }

    private void page(RoutingContext ctx, int status, String error) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(form.replace("<!--error-->", error));
    }

    private static String resource(String path) {
        try (InputStream in = LoginHandler.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
