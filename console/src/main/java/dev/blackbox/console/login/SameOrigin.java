package dev.blackbox.console.login;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses requests that a page of another origin made (403): a browser always sends {@code Origin}
 * on WebSocket upgrades and cross-origin requests. The SameSite cookie already keeps other sites
 * out; this is the second lock.
 */
public final class SameOrigin implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        String host = ctx.request().getHeader(HttpHeaders.HOST);
        if (origin == null || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end("cross-origin requests are refused\n");
    }
}
