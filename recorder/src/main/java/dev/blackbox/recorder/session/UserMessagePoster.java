package dev.blackbox.recorder.session;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * {@code POST /v1/sessions/{id}/events} with one user event (PROTOCOL.md 6.1): the five headers of
 * 2.3, a client-chosen uuid, a 30 s timeout; 200 or 201 is success. No retry (upstream has none;
 * the caller may re-POST the same uuid, which the worker treats as idempotent).
 */
final class UserMessagePoster {

    static final long TIMEOUT_MS = 30_000;

    private final WebClient client;
    private final SessionSettings settings;

    UserMessagePoster(WebClient client, SessionSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** The response's status; fails only when no HTTP response came back at all. */
    Future<Integer> post(String uuid, Object content) {
        String token;
        try {
            token = settings.token().get();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e.getMessage());
        }
        JsonObject event = new JsonObject()
                .put("uuid", uuid)
                .put("session_id", settings.sessionId())
                .put("type", "user")
                .putNull("parent_tool_use_id")
                .put("message", new JsonObject().put("role", "user").put("content", content));
        JsonObject body = new JsonObject().put("events", new io.vertx.core.json.JsonArray().add(event));
        return client.postAbs(settings.eventsUri().toString())
                .timeout(TIMEOUT_MS)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .putHeader("anthropic-version", "2023-06-01")
                .putHeader("anthropic-beta", "ccr-byoc-2025-07-29")
                .putHeader("x-organization-uuid", settings.orgUuid())
                .sendBuffer(body.toBuffer())
                .map(HttpResponse::statusCode);
    }

    static boolean isSuccess(int status) {
        return status == 200 || status == 201;
    }

}
