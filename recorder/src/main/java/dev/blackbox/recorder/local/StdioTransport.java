package dev.blackbox.recorder.local;

import dev.blackbox.bus.Addresses;
import dev.blackbox.frame.FrameSniffer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A Claude Code worker that Blackbox starts and hosts ({@code blackbox run}). Once started it is sent
 * {@code initialize}; the answer must come within the spec's time, or the worker is stopped. Then the
 * prompts go one by one ({@link PromptScript}), and the stdin is closed after the last result unless
 * the session stays open.
 */
final class StdioTransport extends WorkerTransport {

    private final String sessionId;
    private final LocalWorker spec;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final String initId = "blackbox_init_" + UUID.randomUUID().toString().substring(0, 8);
    private final PromptScript script;
    private long initTimer = -1;

    StdioTransport(Vertx vertx, String sessionId, LocalWorker spec) {
        super(vertx, spec.command(), spec.report());
        this.sessionId = sessionId;
        this.spec = spec;
        this.script = new PromptScript(spec.prompts(), spec.keepOpen(), this::sendPrompt, this::closeStdin);
    }

    @Override
    public Map<String, Object> describe() {
        return spec.command().describe(spec.version());
    }

    @Override
    protected void started() {
        long timeoutMs = spec.initTimeout().toMillis();
        initTimer = vertx.setTimer(timeoutMs, id -> initTimedOut(timeoutMs));
        // after the recorder has seen the open (CONNECTED), as the first frame: journaled, then written
        context.runOnContext(v -> listener.onOutbound(Buffer.buffer(new JsonObject().put("request_id", initId)
                .put("type", "control_request").put("request", new JsonObject().put("subtype", "initialize")).encode())));
    }

    @Override
    protected void afterFrame(byte[] line, boolean terminated) {
        if (!sniffer.sniff(line)) {
            return;
        }
        if (!report.initialized() && "control_response".equals(sniffer.type())) {
            initAnswer(line);
        } else if ("result".equals(sniffer.type())) {
            report.result(Boolean.TRUE.equals(sniffer.top().bool("is_error")));
            spec.resultSeen(line);
            script.result();
        }
    }

    private void initAnswer(byte[] line) {
        JsonObject response;
        try {
            response = new JsonObject(Buffer.buffer(line)).getJsonObject("response");
        } catch (DecodeException | ClassCastException e) {
            return;
        }
        if (response == null || !initId.equals(response.getValue("request_id"))) {
            return;
        }
        cancelInitTimer();
        if ("success".equals(response.getValue("subtype"))) {
            JsonObject answer = response.getValue("response") instanceof JsonObject a ? a : new JsonObject();
            report.initialized(answer.getValue("claude_code_version") instanceof String v ? v : null);
            script.initialized();
        } else {
            initFailed("the worker refused initialize: " + response.getValue("error"));
        }
    }

    private void initTimedOut(long timeoutMs) {
        initTimer = -1;
        if (!report.initialized() && !process.exited()) {
            initFailed("the worker did not answer initialize within " + Duration.ofMillis(timeoutMs).toString().substring(2).toLowerCase());
        }
    }

    private void initFailed(String why) {
        report.initFailed(why);
        rules.ending(why);
        process.stop(STOP_GRACE);
    }

    @Override
    protected void beforeExit(WorkerExit exit) {
        cancelInitTimer();
        if (!report.initialized()) {
            rules.ending("the worker " + exit.describe() + " before answering initialize");
        }
    }

    private void cancelInitTimer() {
        if (initTimer >= 0) {
            vertx.cancelTimer(initTimer);
            initTimer = -1;
        }
    }

    private void sendPrompt(String text) {
        vertx.eventBus().request(Addresses.send(sessionId), new JsonObject().put("text", text).put("sentBy", "run --prompt"))
                .onFailure(e -> script.notDelivered());
    }

    @Override
    public void close() {
        cancelInitTimer();
        super.close();
    }
}
