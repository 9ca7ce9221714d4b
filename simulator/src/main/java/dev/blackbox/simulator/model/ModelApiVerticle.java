package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scripted Messages API: one HTTP server on the loopback that answers {@code POST /v1/messages}
 * with the answer {@link ModelTurn} picks, streamed as server-sent events when the request says
 * {@code "stream": true} (the CLI always does), as one JSON message otherwise. Every request is
 * recorded; anything but {@code POST /v1/messages} gets the API's 404 error body.
 */
public final class ModelApiVerticle extends VerticleBase {

    static final String MODEL_FALLBACK = "claude-sonnet-4-5";

    private final ModelApiConfig config;
    private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger stallsCut = new AtomicInteger();
    private int messageCount;
    private HttpServer server;
    private volatile int port;

    public ModelApiVerticle(ModelApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(this::handle);
        return server.listen().onSuccess(s -> port = s.actualPort());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    int port() {
        return port;
    }

    List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    int connections() {
        return connections.get();
    }

    int stallsCut() {
        return stallsCut.get();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            ModelRequest request = record(req, body);
            if ("POST".equals(request.method()) && "/v1/messages".equals(req.path())) {
                answer(request, req.response());
            } else {
                req.response().setStatusCode(404).putHeader("content-type", "application/json")
                        .end(error("not_found_error", "the scripted model serves only POST /v1/messages, not "
                                + request.method() + " " + request.uri()));
            }
        });
    }

    private ModelRequest record(HttpServerRequest req, Buffer body) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            headers.put(name, name.equals("x-api-key") || name.equals("authorization") ? "<redacted>" : h.getValue());
        });
        ModelRequest request = new ModelRequest(req.method().name(), req.uri(), headers, body.toString());
        requests.add(request);
        return request;
    }

    private void answer(ModelRequest request, HttpServerResponse response) {
        JsonNode json = request.json();
        if (!json.isObject()) {
            response.setStatusCode(400).putHeader("content-type", "application/json")
                    .end(error("invalid_request_error", "the body is not a JSON object"));
            return;
        }
        String model = json.path("model").asText(MODEL_FALLBACK);
        int n = ++messageCount;
        String messageId = String.format("msg_scripted%012d", n);
        ModelTurn.Reply reply = ModelTurn.reply(json);
        if (!json.path("stream").asBoolean(false)) {
            response.putHeader("content-type", "application/json").end(FrameJson.write(whole(messageId, model, reply)));
            return;
        }
        response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache")
                .putHeader("request-id", String.format("req_scripted%012d", n));
        if (reply instanceof ModelTurn.Text t) {
            writeAll(response, MessageStream.text(messageId, model, t.text()));
        } else if (reply instanceof ModelTurn.ToolUse u) {
            writeAll(response, MessageStream.toolUse(messageId, model, String.format("toolu_scripted%012d", n), u.name(), u.input()));
        } else {
            stall(response, messageId, model);
        }
    }

    private static void writeAll(HttpServerResponse response, List<SseEvent> events) {
        StringBuilder wire = new StringBuilder();
        events.forEach(e -> wire.append(e.wire()));
        response.end(wire.toString());
    }

    /** One word per tick until the client goes away (an interrupt aborts the request) or the words run out. */
    private void stall(HttpServerResponse response, String messageId, String model) {
        MessageStream.textOpening(messageId, model).forEach(e -> response.write(e.wire()));
        int[] sent = {0};
        long timer = vertx.setPeriodic(config.stallTickMillis(), id -> {
            if (sent[0] == config.stallWords()) {
                vertx.cancelTimer(id);
                writeAll(response, MessageStream.textClosing(sent[0]));
                return;
            }
            sent[0]++;
            response.write(MessageStream.textDelta(0, "word" + sent[0] + " ").wire());
        });
        response.closeHandler(v -> {
            if (vertx.cancelTimer(timer)) {
                stallsCut.incrementAndGet();
            }
        });
    }

    private static ObjectNode whole(String messageId, String model, ModelTurn.Reply reply) {
        ObjectNode message = FrameJson.object().put("id", messageId).put("type", "message").put("role", "assistant")
                .put("model", model);
        ObjectNode block = message.putArray("content").addObject();
        if (reply instanceof ModelTurn.ToolUse u) {
            block.put("type", "tool_use").put("id", messageId.replace("msg_", "toolu_")).put("name", u.name()).set("input", u.input());
            message.put("stop_reason", "tool_use");
        } else {
            block.put("type", "text").put("text", reply instanceof ModelTurn.Text t ? t.text() : "...");
            message.put("stop_reason", "end_turn");
        }
        message.putNull("stop_sequence");
        message.set("usage", FrameJson.object().put("input_tokens", MessageStream.INPUT_TOKENS).put("output_tokens", 5));
        return message;
    }

    private static String error(String type, String message) {
        ObjectNode body = FrameJson.object().put("type", "error");
        body.set("error", FrameJson.object().put("type", type).put("message", message));
        return FrameJson.write(body);
    }
}
