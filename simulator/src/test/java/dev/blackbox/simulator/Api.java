package dev.blackbox.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.UUID;

/** The REST calls of PROTOCOL.md 6 with the headers of 2.3, for the tests. */
final class Api {

    private final WebClient web;
    private final int port;

    Api(Vertx vertx, int port) {
        this.web = WebClient.create(vertx);
        this.port = port;
    }

    HttpRequest<Buffer> withHeaders(HttpRequest<Buffer> r) {
        return r.putHeader("Authorization", "Bearer " + TestClient.TOKEN)
                .putHeader("anthropic-version", "2023-06-01")
                .putHeader("anthropic-beta", "ccr-byoc-2025-07-29")
                .putHeader("x-organization-uuid", TestClient.ORG)
                .putHeader("content-type", "application/json");
    }

    static JsonObject userEvent(String sessionId, String uuid, String text) {
        return new JsonObject().put("uuid", uuid).put("session_id", sessionId).put("type", "user")
                .putNull("parent_tool_use_id")
                .put("message", new JsonObject().put("role", "user").put("content", text));
    }

    Future<HttpResponse<Buffer>> postMessage(String sessionId, String text) {
        return post(sessionId, new JsonObject().put("events",
                new JsonArray().add(userEvent(sessionId, UUID.randomUUID().toString(), text))));
    }

    Future<HttpResponse<Buffer>> post(String sessionId, JsonObject body) {
        return withHeaders(web.post(port, "127.0.0.1", "/v1/sessions/" + sessionId + "/events")).sendJsonObject(body);
    }

    Future<HttpResponse<Buffer>> history(String sessionId, String query) {
        return withHeaders(web.get(port, "127.0.0.1", "/v1/sessions/" + sessionId + "/events" + query)).send();
    }

    Future<HttpResponse<Buffer>> session(String sessionId) {
        return withHeaders(web.get(port, "127.0.0.1", "/v1/sessions/" + sessionId)).send();
    }

    WebClient web() {
        return web;
    }

    void close() {
        web.close();
    }
}
