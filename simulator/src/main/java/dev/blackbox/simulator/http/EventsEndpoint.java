package dev.blackbox.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.observe.RecordedRequest;
import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.session.SimulatedSession;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Function;
import java.util.Locale;

/**
 * The REST side of a session: {@code POST /v1/sessions/{id}/events} (user messages in),
 * {@code GET /v1/sessions/{id}/events} (history pages) and {@code GET /v1/sessions/{id}}.
 * Checks run in the order a real API would: token (401), session (404), headers and body (400),
 * organization (403). Every request is recorded, without its token.
 */
final class EventsEndpoint {

    /** A refused request: its status and message. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static final int MAX_LIMIT = 1000;

    private final Credentials credentials;
    private final Map<String, SimulatedSession> sessions;
    private final Function<String, SessionLog> logs;

    EventsEndpoint(Credentials credentials, Map<String, SimulatedSession> sessions, Function<String, SessionLog> logs) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.logs = logs;
    }

    void post(RoutingContext rc) {
        String body = rc.body().asString();
        respond(rc, body, session -> {
            MultiMap h = rc.request().headers();
            requireApiHeaders(h);
            String contentType = h.get("content-type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new Refused(400, "content-type must be application/json");
            }
            ArrayNode events = validEvents(body);
            ObjectNode response = FrameJson.object();
            ArrayNode echoed = response.putArray("events");
            for (JsonNode event : events) {
                if ("control_response".equals(FrameJson.typeOf(event))) {
                    session.acceptControlResponse(event);
                    echoed.add(event);
                } else {
                    echoed.add(session.acceptUserEvent((ObjectNode) event));
                }
            }
            return FrameJson.write(response);
        });
    }

    void history(RoutingContext rc) {
        respond(rc, null, session -> {
            MultiMap q = rc.queryParams();
            int limit = limit(q.get("limit"));
            String before = q.get("before_id");
            String after = q.get("after_id");
            if (before != null && after != null) {
                throw new Refused(400, "give before_id or after_id, not both");
            }
            try {
                return session.historyPage(limit, "true".equals(q.get("anchor_to_latest")), before, after);
            } catch (IllegalArgumentException e) {
                throw new Refused(400, e.getMessage());
            }
        });
    }

    void session(RoutingContext rc) {
        respond(rc, null, session -> FrameJson.write(session.resource()));
    }

    private interface Handler {
        String handle(SimulatedSession session);
    }

    private void respond(RoutingContext rc, String body, Handler handler) {
        HttpServerRequest req = rc.request();
        String sessionId = rc.pathParam("id");
        boolean bearerOk = credentials.bearerMatches(req.headers());
        int status;
        String answer;
        try {
            if (!bearerOk) {
                throw new Refused(401, "invalid bearer token");
            }
            SimulatedSession session = sessions.get(sessionId);
            if (session == null) {
                throw new Refused(404, "Session not found: " + sessionId);
            }
            answer = handler.handle(session);
            status = 200;
        } catch (Refused r) {
            status = r.status;
            answer = ApiErrors.body(r.status, r.getMessage());
        }
        logs.apply(sessionId).request(new RecordedRequest(req.method().name(), req.path(), req.query(),
                Credentials.recordable(req.headers()), bearerOk, body, status, answer));
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(answer);
    }

    private void requireApiHeaders(MultiMap h) {
        if (!Credentials.versionMatches(h)) {
            throw new Refused(400, "anthropic-version: " + Credentials.ANTHROPIC_VERSION + " is required");
        }
        if (!Credentials.betaPresent(h)) {
            throw new Refused(400, "anthropic-beta: " + Credentials.CCR_BETA + " is required");
        }
        String org = h.get("x-organization-uuid");
        if (org == null || org.isBlank()) {
            throw new Refused(400, "x-organization-uuid is required");
        }
        if (!credentials.organizationMatches(org)) {
            throw new Refused(403, "x-organization-uuid does not match the token's organization");
        }
    }

    /** The body must be {@code {"events":[…]}} with at least one object with a string type; user events need a message. */
    private static ArrayNode validEvents(String body) {
        JsonNode root = body == null || body.isEmpty() ? null : FrameJson.parseOrNull(body);
        if (root == null || !root.isObject()) {
            throw new Refused(400, "the body must be a JSON object {\"events\": [...]}");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new Refused(400, "\"events\" must be a non-empty array");
        }
        for (JsonNode event : events) {
            String type = FrameJson.typeOf(event);
            if (type == null) {
                throw new Refused(400, "every event must be an object with a string \"type\"");
            }
            if (type.equals("user")) {
                JsonNode message = event.get("message");
                JsonNode content = message == null ? null : message.get("content");
                if (message == null || !"user".equals(FrameJson.text(message, "role"))
                        || content == null || !(content.isTextual() || content.isArray())) {
                    throw new Refused(400, "a user event needs \"message\": {\"role\": \"user\", \"content\": string or blocks}");
                }
                JsonNode uuid = event.get("uuid");
                if (uuid != null && !uuid.isTextual()) {
                    throw new Refused(400, "\"uuid\" must be a string");
                }
            } else if (!type.equals("control_response")) {
                throw new Refused(400, "event type \"" + type + "\" is not accepted here (user, control_response)");
            }
        }
        return (ArrayNode) events;
    }

    private static int limit(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > MAX_LIMIT) {
                throw new Refused(400, "limit must be between 1 and " + MAX_LIMIT);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refused(400, "limit must be a whole number");
        }
    }
}
