package dev.blackbox.simulator.http;

import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.session.SimulatedSession;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.function.Function;

/** The routes of the simulated sessions service. */
public final class SessionsApi {

    private static final long MAX_BODY = 64L * 1024 * 1024;

    private SessionsApi() {
    }

    public static Router router(Vertx vertx, String token, String orgUuid, Map<String, SimulatedSession> sessions,
                                Function<String, SessionLog> logs) {
        Credentials credentials = new Credentials(token, orgUuid);
        SubscribeEndpoint subscribe = new SubscribeEndpoint(credentials, sessions, logs);
        EventsEndpoint events = new EventsEndpoint(credentials, sessions, logs);
        Router router = Router.router(vertx);
        router.get("/v1/sessions/ws/:id/subscribe").handler(subscribe::handle);
        router.post("/v1/sessions/:id/events").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(events::post);
        router.get("/v1/sessions/:id/events").handler(events::history);
        router.get("/v1/sessions/:id").handler(events::session);
        router.route().last().handler(rc -> rc.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end(ApiErrors.body(404, "no such endpoint: " + rc.request().method() + " " + rc.request().path())));
        return router;
    }
}
