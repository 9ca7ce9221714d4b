package dev.blackbox.simulator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A plain Vert.x subscriber for the tests: connects with the protocol's headers, keeps every
 * frame it receives (across reconnects) in order, and lets a test script react to frames.
 */
final class TestClient {

    static final String TOKEN = "test-token-not-secret";
    static final String ORG = "5fa8c7a2-1111-4222-8333-944455556666";
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final int port;
    private final String sessionId;
    private final WebSocketClient client;
    private final List<Object> frames = new ArrayList<>();
    private final List<JsonObject> objects = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final Promise<Integer> firstClose = Promise.promise();
    private volatile WebSocket socket;
    private volatile BiConsumer<TestClient, JsonObject> script = (c, f) -> { };
    private String token = TOKEN;
    private volatile int reconnectsLeft;
    private boolean withVersion = true;

    TestClient(Vertx vertx, int port, String sessionId) {
        this.vertx = vertx;
        this.port = port;
        this.sessionId = sessionId;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_BYTES).setMaxMessageSize(MAX_BYTES));
    }

    TestClient token(String t) {
        this.token = t;
        return this;
    }

    /** After any close, subscribe again at once, up to {@code times} times (the tests' stand-in for a reconnecting client). */
    TestClient autoReconnect(int times) {
        this.reconnectsLeft = times;
        return this;
    }

    TestClient withoutVersion() {
        this.withVersion = false;
        return this;
    }

    /** Called on the event loop for every text frame that parses as a JSON object. */
    TestClient script(BiConsumer<TestClient, JsonObject> s) {
        this.script = s;
        return this;
    }

    Future<WebSocket> connect() {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/v1/sessions/ws/" + sessionId + "/subscribe?organization_uuid=" + ORG);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        if (withVersion) {
            options.addHeader("anthropic-version", "2023-06-01");
        }
        return client.connect(options).onSuccess(ws -> {
            socket = ws;
            ws.textMessageHandler(this::onText);
            ws.binaryMessageHandler(b -> add(b.getBytes()));
            ws.closeHandler(v -> {
                synchronized (this) {
                    Short code = ws.closeStatusCode();
                    closeCodes.add(code == null ? 1006 : (int) code);
                }
                firstClose.tryComplete(ws.closeStatusCode() == null ? 1006 : (int) ws.closeStatusCode());
                if (reconnectsLeft > 0) {
                    reconnectsLeft--;
                    connect();
                }
            });
        });
    }

    private void onText(String text) {
        JsonObject json = null;
        try {
            json = new JsonObject(text);
        } catch (RuntimeException notAnObject) {
            // kept as text only
        }
        synchronized (this) {
            frames.add(text);
            if (json != null && json.getValue("type") instanceof String) {
                objects.add(json);
                kinds.add(kind(json));
            }
        }
        if (json != null) {
            script.accept(this, json);
        }
    }

    private synchronized void add(Object frame) {
        frames.add(frame);
    }

    Future<Void> send(String text) {
        return socket.writeTextMessage(text);
    }

    Future<Void> sendBinary(byte[] bytes) {
        return socket.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    Future<Void> send(JsonObject frame) {
        return send(frame.encode());
    }

    /** Answers a can_use_tool the way the upstream client does (PROTOCOL.md 4.3). */
    Future<Void> allow(JsonObject canUseTool) {
        JsonObject request = canUseTool.getJsonObject("request");
        return send(new JsonObject().put("type", "control_response").put("response", new JsonObject()
                .put("subtype", "success").put("request_id", canUseTool.getString("request_id"))
                .put("response", new JsonObject().put("behavior", "allow").put("updatedInput", request.getJsonObject("input")))));
    }

    Future<Void> deny(JsonObject canUseTool, String message) {
        return send(new JsonObject().put("type", "control_response").put("response", new JsonObject()
                .put("subtype", "success").put("request_id", canUseTool.getString("request_id"))
                .put("response", new JsonObject().put("behavior", "deny").put("message", message))));
    }

    Future<Void> interrupt(String requestId) {
        return send(new JsonObject().put("type", "control_request").put("request_id", requestId)
                .put("request", new JsonObject().put("subtype", "interrupt")));
    }

    Future<Void> close() {
        WebSocket ws = socket;
        return ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
    }

    Future<Void> closeClient() {
        reconnectsLeft = 0;
        return client.close();
    }

    boolean isClosed() {
        WebSocket ws = socket;
        return ws == null || ws.isClosed();
    }

    /** Every frame received, in order: a String for text, a byte[] for binary. */
    synchronized List<Object> frames() {
        return new ArrayList<>(frames);
    }

    synchronized List<String> texts() {
        return frames.stream().filter(f -> f instanceof String).map(f -> (String) f).toList();
    }

    /** The JSON objects with a string type among the text frames, in order. */
    synchronized List<JsonObject> objects() {
        return new ArrayList<>(objects);
    }

    /** "type" or "type/subtype" (system, result, control_request subtype, stream event type) of each frame, in order. */
    synchronized List<String> kinds() {
        return new ArrayList<>(kinds);
    }

    synchronized long count(String kind) {
        return kinds.stream().filter(kind::equals).count();
    }

    synchronized String lastKind() {
        return kinds.isEmpty() ? null : kinds.get(kinds.size() - 1);
    }

    static String kind(JsonObject f) {
        String type = f.getString("type");
        if (f.getValue("subtype") instanceof String s) {
            return type + "/" + s;
        }
        if (type.equals("control_request") && f.getJsonObject("request") != null) {
            return type + "/" + f.getJsonObject("request").getString("subtype");
        }
        if (type.equals("stream_event")) {
            return type + "/" + f.getJsonObject("event").getString("type");
        }
        return type;
    }

    /**
     * The close code of the first connection, once it closed: the service may close right after the upgrade,
     * before a handler set on the socket by the test could see it.
     */
    Future<Integer> closed() {
        return firstClose.future();
    }

    synchronized List<Integer> closeCodes() {
        return new ArrayList<>(closeCodes);
    }

    Vertx vertx() {
        return vertx;
    }
}
