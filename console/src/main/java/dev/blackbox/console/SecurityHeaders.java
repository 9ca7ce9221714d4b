package dev.blackbox.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response: the page runs only its own scripts and styles and talks only to its
 * own origin (no CDN, no inline script), cannot be framed, and sends no referrer (the login URL
 * carries the token).
 */
final class SecurityHeaders implements Handler<RoutingContext> {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().headers()
                .set("Content-Security-Policy", CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer");
        ctx.next();
    }
}
