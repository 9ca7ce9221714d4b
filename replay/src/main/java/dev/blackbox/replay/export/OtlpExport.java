package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.Hash64;
import dev.blackbox.frame.RecentIds;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.transcript.IntegrityLine;
import dev.blackbox.replay.transcript.Transcript;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A recorded session as OpenTelemetry GenAI spans (semantic conventions for GenAI agent, inference and
 * tool spans, provider {@code anthropic}): one {@code invoke_agent} root per session; under it a
 * {@code chat} span per model call (one assistant message id) with models, finish reason and token usage
 * ({@code gen_ai.usage.input_tokens} = input + cache read + cache creation, as the Anthropic conventions
 * say), and an {@code execute_tool} span per tool call, from its {@code tool_use} to its
 * {@code tool_result}, carrying the permission request and who decided it, via what and how fast
 * ({@code blackbox.permission.*} attributes and events). Every span and event names the journal entry
 * it came from ({@code blackbox.journal.seq}, {@code blackbox.journal.hash}); ids derive from the session
 * id and seq ({@link TraceIds}). Prompts, messages and tool inputs and outputs are added only when asked
 * ({@link ExportOptions#includeContent()}). Spans leave as soon as they end; what stays open is bounded.
 */
final class OtlpExport implements Transcript {

    static final String AGENT_NAME = "Claude Code";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOOLS_KEPT = 10_000;
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    private static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
    private static final AttributeKey<String> SESSION = AttributeKey.stringKey("blackbox.session.id");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<Long> CACHE_READ = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    private static final AttributeKey<Long> CACHE_CREATION = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final SpanBatches out;
    private final boolean content;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final RecentIds recentUuids = new RecentIds(1 << 16);
    /** User messages journaled as FRAME_SENT: their MESSAGE_POSTED is only the delivery's outcome. */
    private final RecentIds sentMessages = new RecentIds(1 << 10);
    private final Map<String, SpanDraft> tools = new LinkedHashMap<>();
    private final Map<String, String> toolOfRequest = bounded(TOOLS_KEPT);
    /** Tools whose permission was denied or cancelled, and which: their error result is why. */
    private final Map<String, String> refusedTools = bounded(TOOLS_KEPT);
    private String sessionId;
    private TraceIds ids;
    private Resource resource;
    private InstrumentationScopeInfo scope;
    private SpanDraft root;
    private long lastTs;
    private String requestModel;

    // the model call in progress: one assistant message, sent as one frame per content block
    private SpanDraft chat;
    private String chatMessageId;
    private long chatLastTs;
    private ArrayNode chatOutput;
    /** When the model was last handed something (a prompt, tool results): where the next model call starts. */
    private long handedTs;
    private ArrayNode pendingInput;

    private long inputTokens, outputTokens, chatCalls, toolCalls, turns, turnErrors, decisions;
    private double costUsd;
    private boolean lastTurnFailed;
    private String stopReason;

    private final Supplier<IntegrityLine> integrity;

    OtlpExport(SpanBatches out, boolean includeContent) {
        this(out, includeContent, () -> null);
    }

    /** @param integrity put on the session's span as {@code blackbox.journal.integrity} (verified, warning, failed) and {@code .line} */
    OtlpExport(SpanBatches out, boolean includeContent, Supplier<IntegrityLine> integrity) {
        this.out = out;
        this.content = includeContent;
        this.integrity = integrity;
    }

    @Override
    public void begin(Header header) {
        sessionId = header.sessionId();
        ids = new TraceIds(sessionId);
        resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "blackbox", SESSION, sessionId)));
        String version = OtlpExport.class.getPackage().getImplementationVersion();
        scope = InstrumentationScopeInfo.builder("dev.blackbox.export").setVersion(version == null ? "dev" : version).build();
    }

    @Override
    public void entry(JournalEntry e) throws IOException {
        lastTs = Math.max(lastTs, e.tsMicros());
        if (root == null) {
            root = new SpanDraft("invoke_agent " + AGENT_NAME, SpanKind.CLIENT, ids.spanId("invoke_agent", e.seq(), 0),
                    e.tsMicros(), e)
                    .put(OPERATION, "invoke_agent").put(PROVIDER, "anthropic")
                    .put("gen_ai.agent.name", AGENT_NAME).put(CONVERSATION, sessionId).put(SESSION, sessionId);
        }
        switch (e.kind()) {
            case FRAME_RECEIVED -> received(e);
            case FRAME_SENT -> sent(e);
            case FRAME_RECEIVED_BINARY -> {
                // binary frames carry nothing to trace
            }
            default -> record(e);
        }
    }

    @Override
    public void end() throws IOException {
        if (root == null) {
            out.flush();
            return;
        }
        finishChat();
        for (Iterator<SpanDraft> it = tools.values().iterator(); it.hasNext(); ) {
            SpanDraft open = it.next();
            it.remove();
            out.add(open.put("blackbox.tool.unfinished", "no tool_result was recorded").end(lastTs, ids.traceId(),
                    root.spanId(), resource, scope));
        }
        root.put(INPUT_TOKENS, inputTokens).put(OUTPUT_TOKENS, outputTokens)
                .put("blackbox.model_calls", chatCalls).put("blackbox.tool_calls", toolCalls)
                .put("blackbox.turns", turns).put("blackbox.turn_errors", turnErrors)
                .put("blackbox.permission.decisions", decisions)
                .put(AttributeKey.doubleKey("blackbox.cost_usd"), costUsd)
                .put("gen_ai.request.model", requestModel)
                .put("blackbox.recording.stop_reason", stopReason);
        IntegrityLine verdict = integrity.get();
        if (verdict != null) {
            root.put("blackbox.journal.integrity", verdict.level().name().toLowerCase(java.util.Locale.ROOT))
                    .put("blackbox.journal.integrity.line", verdict.line());
        }
        if (lastTurnFailed) {
            root.error("turn_error", "the last turn ended in an error");
        }
        out.add(root.end(lastTs, ids.traceId(), null, resource, scope));
        out.flush();
    }

    @Override
    public void flush() {
        // spans leave in batches as they end; see end()
    }

    // ---------------------------------------------------------------- frames

    private void received(JournalEntry e) throws IOException {
        if (!sniffer.sniff(e.payload()) || recentUuids.seen(sniffer.uuidHash())) {
            return; // malformed frames tell no operation; replayed ones were told the first time
        }
        switch (sniffer.type()) {
            case "assistant" -> assistant(e, parse(e));
            case "user" -> user(e, parse(e));
            case "result" -> result(e, parse(e));
            case "system" -> {
                if ("init".equals(sniffer.subtype())) {
                    requestModel = sniffer.top().string("model");
                    root.put("gen_ai.agent.version", sniffer.top().string("claude_code_version"));
                    handedTs = e.tsMicros();
                }
            }
            case "control_request" -> {
                if ("can_use_tool".equals(sniffer.subtype())) {
                    permissionRequested(e, parse(e));
                }
            }
            case "control_cancel_request" -> permissionCancelled(e, sniffer.top().string("request_id"));
            default -> {
            }
        }
    }

    /**
     * A user message is journaled before it is delivered: the model is handed it here, where it sits in
     * the stream. Its MESSAGE_POSTED comes when the HTTP POST answers, often after the reply has begun
     * streaming, so it must not end that model call. Decisions and interrupts are told by their records.
     */
    private void sent(JournalEntry e) throws IOException {
        if (sniffer.sniff(e.payload()) && "user".equals(sniffer.type())) {
            long uuid = sniffer.uuidHash();
            sentMessages.seen(uuid);
            if (!recentUuids.seen(uuid)) {
                user(e, parse(e));
            }
        }
    }

    private void assistant(JournalEntry e, JsonNode f) throws IOException {
        JsonNode message = f.path("message");
        String messageId = message.path("id").asText(null);
        if (chat == null || messageId == null || !messageId.equals(chatMessageId)) {
            finishChat();
            startChat(e, message, messageId);
        }
        chatLastTs = e.tsMicros();
        if (message.hasNonNull("stop_reason")) {
            chat.put(FINISH_REASONS, List.of(message.path("stop_reason").asText()));
        }
        int index = 0;
        for (JsonNode block : message.path("content")) {
            if (content) {
                chatOutput.add(outputPart(block));
            }
            if ("tool_use".equals(block.path("type").asText())) {
                startTool(e, block, index);
            }
            index++;
        }
    }

    private void startChat(JournalEntry e, JsonNode message, String messageId) {
        String model = message.path("model").asText(null);
        long start = handedTs > 0 && handedTs <= e.tsMicros() ? handedTs : e.tsMicros();
        chat = new SpanDraft("chat" + (requestModel != null ? " " + requestModel : model != null ? " " + model : ""),
                SpanKind.CLIENT, ids.spanId("chat", e.seq(), 0), start, e)
                .put(OPERATION, "chat").put(PROVIDER, "anthropic").put(CONVERSATION, sessionId)
                .put("gen_ai.request.model", requestModel != null ? requestModel : model)
                .put("gen_ai.response.model", model).put("gen_ai.response.id", messageId);
        chatMessageId = messageId;
        // usage is counted from the first frame of a message, as `blackbox state` counts it
        JsonNode usage = message.path("usage");
        if (usage.isObject()) {
            long input = usage.path("input_tokens").asLong(), output = usage.path("output_tokens").asLong();
            long read = usage.path("cache_read_input_tokens").asLong(), created = usage.path("cache_creation_input_tokens").asLong();
            chat.put(INPUT_TOKENS, input + read + created).put(OUTPUT_TOKENS, output)
                    .put(CACHE_READ, read).put(CACHE_CREATION, created);
            inputTokens += input + read + created;
            outputTokens += output;
        }
        if (content) {
            chatOutput = JSON.createArrayNode();
            if (pendingInput != null && !pendingInput.isEmpty()) {
                // the messages new to this call (its prompt or tool results), not the whole history before it
                chat.put("gen_ai.input.messages", pendingInput.toString());
            }
        }
        pendingInput = null;
        chatCalls++;
    }

    private void finishChat() throws IOException {
        if (chat == null) {
            return;
        }
        if (content && chatOutput != null && !chatOutput.isEmpty()) {
            ObjectNode msg = JSON.createObjectNode().put("role", "assistant");
            msg.set("parts", chatOutput);
            chat.put("gen_ai.output.messages", JSON.createArrayNode().add(msg).toString());
        }
        out.add(chat.end(chatLastTs, ids.traceId(), root.spanId(), resource, scope));
        chat = null;
        chatMessageId = null;
        chatOutput = null;
    }

    private void user(JournalEntry e, JsonNode f) throws IOException {
        finishChat();
        handedTs = e.tsMicros();
        JsonNode blocks = f.path("message").path("content");
        if (blocks.isTextual()) {
            input("user", textPart(blocks.asText()));
            return;
        }
        for (JsonNode block : blocks) {
            String type = block.path("type").asText();
            if ("tool_result".equals(type)) {
                toolResult(e, block);
            } else if ("text".equals(type)) {
                input("user", textPart(block.path("text").asText()));
            }
        }
    }

    private void result(JournalEntry e, JsonNode f) throws IOException {
        finishChat();
        turns++;
        costUsd += f.path("total_cost_usd").asDouble(0);
        lastTurnFailed = f.path("is_error").asBoolean(false);
        if (lastTurnFailed) {
            turnErrors++;
        }
        root.event("blackbox.turn.ended", e, Attributes.builder()
                .put("blackbox.turn.subtype", f.path("subtype").asText(""))
                .put("blackbox.turn.is_error", lastTurnFailed)
                .put("blackbox.turn.num_turns", f.path("num_turns").asLong())
                .put("blackbox.turn.duration_ms", f.path("duration_ms").asLong())
                .put("blackbox.cost_usd", f.path("total_cost_usd").asDouble(0)).build());
    }

    // ---------------------------------------------------------------- tools and permissions

    private void startTool(JournalEntry e, JsonNode block, int index) throws IOException {
        String id = block.path("id").asText(null);
        if (id == null || tools.containsKey(id)) {
            return;
        }
        SpanDraft tool = newTool(e, id, block.path("name").asText("?"), index);
        if (content) {
            tool.put("gen_ai.tool.call.arguments", block.path("input").toString());
        }
    }

    private SpanDraft newTool(JournalEntry e, String toolUseId, String name, int index) throws IOException {
        SpanDraft tool = new SpanDraft("execute_tool " + name, SpanKind.INTERNAL, ids.spanId("execute_tool", e.seq(), index),
                e.tsMicros(), e)
                .put(OPERATION, "execute_tool").put(PROVIDER, "anthropic").put(CONVERSATION, sessionId)
                .put("gen_ai.tool.name", name).put("gen_ai.tool.call.id", toolUseId)
                .put("gen_ai.tool.type", name.startsWith("mcp__") ? "extension" : "function");
        tools.put(toolUseId, tool);
        toolCalls++;
        if (tools.size() > TOOLS_KEPT) {
            // a tool whose result never comes must not hold memory for the rest of a long session
            Iterator<SpanDraft> eldest = tools.values().iterator();
            SpanDraft gone = eldest.next();
            eldest.remove();
            out.add(gone.put("blackbox.tool.unfinished", "no tool_result among the next " + TOOLS_KEPT + " tool calls")
                    .end(lastTs, ids.traceId(), root.spanId(), resource, scope));
        }
        return tool;
    }

    private void toolResult(JournalEntry e, JsonNode block) throws IOException {
        String id = block.path("tool_use_id").asText(null);
        SpanDraft tool = id == null ? null : tools.remove(id);
        if (content) {
            ObjectNode part = JSON.createObjectNode().put("type", "tool_call_response").put("id", id);
            part.set("result", block.path("content"));
            input("tool", part);
        }
        if (tool == null) {
            return;
        }
        String refused = refusedTools.remove(id);
        if (block.path("is_error").asBoolean(false)) {
            tool.error(refused != null ? refused : "tool_error", refused != null ? "the tool did not run: " + refused
                    : "the tool returned an error");
        }
        if (content) {
            tool.put("gen_ai.tool.call.result", text(block.path("content")));
        }
        out.add(tool.end(e.tsMicros(), ids.traceId(), root.spanId(), resource, scope));
    }

    private void permissionRequested(JournalEntry e, JsonNode f) throws IOException {
        JsonNode req = f.path("request");
        String requestId = f.path("request_id").asText(null);
        String toolUseId = req.path("tool_use_id").asText(null);
        String toolName = req.path("tool_name").asText("?");
        if (toolUseId == null) {
            toolUseId = "request:" + requestId;
        }
        SpanDraft tool = tools.get(toolUseId);
        if (requestId != null && toolOfRequest.containsKey(requestId)) {
            // the server sends a pending request again after a reconnect: the same request, not a new one
            (tool != null ? tool : root).event("blackbox.permission.requested_again", e, Attributes.builder()
                    .put("blackbox.permission.request_id", requestId).build());
            return;
        }
        if (tool == null) {
            tool = newTool(e, toolUseId, toolName, 0); // asked before (or without) its tool_use frame
        }
        if (requestId != null) {
            toolOfRequest.put(requestId, toolUseId);
        }
        AttributesBuilder a = Attributes.builder().put("blackbox.permission.request_id", nz(requestId))
                .put("gen_ai.tool.name", toolName);
        if (content) {
            a.put("blackbox.permission.input", req.path("input").toString());
            if (req.hasNonNull("description")) {
                a.put("blackbox.permission.description", req.path("description").asText());
            }
            if (req.hasNonNull("blocked_path")) {
                a.put("blackbox.permission.blocked_path", req.path("blocked_path").asText());
            }
        }
        tool.put("blackbox.permission.request_id", requestId).event("blackbox.permission.requested", e, a.build());
    }

    private void record(JournalEntry e) throws IOException {
        JournalRecord rec;
        try {
            rec = JournalRecord.Codec.decode(e.payload(), JournalRecord.Codec.typeOf(e.kind()));
        } catch (JournalException unreadable) {
            return;
        }
        if (rec instanceof JournalRecord.PermissionDecided d) {
            permissionDecided(e, d);
        } else if (rec instanceof JournalRecord.DecisionRefused r) {
            SpanDraft tool = toolFor(r.requestId(), null);
            tool.event("blackbox.permission.refused", e, Attributes.builder()
                    .put("blackbox.permission.request_id", nz(r.requestId()))
                    .put("blackbox.permission.tried_by", nz(r.triedBy())).put("blackbox.permission.why", nz(r.why())).build());
        } else if (rec instanceof JournalRecord.MessagePosted m) {
            long uuid = m.uuid() == null ? 0 : Hash64.of(m.uuid());
            if (!sentMessages.contains(uuid)) {
                // journals before format 2 have no FRAME_SENT for the message: it is handed over here, once
                // (its echo, same uuid, may have been journaled first)
                finishChat();
                handedTs = e.tsMicros();
                if (!recentUuids.seen(uuid) && m.content() != null) {
                    input("user", textPart(text(m.content())));
                }
            }
            root.event("blackbox.prompt.posted", e, Attributes.builder().put("blackbox.prompt.ok", m.ok())
                    .put("blackbox.prompt.sent_by", nz(m.sentBy())).build());
        } else if (rec instanceof JournalRecord.RecordingStarted r) {
            root.put("blackbox.recorder.version", r.recorderVersion())
                    .put(AttributeKey.booleanKey("blackbox.recording.viewer_only"), r.viewerOnly());
        } else if (rec instanceof JournalRecord.Reconnecting r) {
            root.event("blackbox.connection.reconnecting", e, Attributes.builder().put("blackbox.connection.attempt", r.attempt())
                    .put("blackbox.connection.close_code", r.closeCode() == null ? -1 : r.closeCode()).build());
        } else if (rec instanceof JournalRecord.Disconnected d) {
            root.event("blackbox.connection.disconnected", e, Attributes.builder()
                    .put("blackbox.connection.close_code", d.closeCode() == null ? -1 : d.closeCode())
                    .put("blackbox.connection.permanent", d.permanent()).build());
        } else if (rec instanceof JournalRecord.InterruptRequested i) {
            root.event("blackbox.interrupt.requested", e, Attributes.builder()
                    .put("blackbox.interrupt.requested_by", nz(i.requestedBy())).build());
        } else if (rec instanceof JournalRecord.RecordingStopped s) {
            stopReason = s.reason();
        }
    }

    private void permissionDecided(JournalEntry e, JournalRecord.PermissionDecided d) throws IOException {
        decisions++;
        String outcome = "timeout".equals(d.via()) ? "timeout" : d.behavior();
        String toolUseId = toolIdFor(d.requestId(), d.toolUseId());
        SpanDraft tool = toolFor(d.requestId(), d.toolUseId());
        AttributesBuilder a = Attributes.builder()
                .put("blackbox.permission.request_id", nz(d.requestId()))
                .put("blackbox.permission.outcome", nz(outcome))
                .put("blackbox.permission.behavior", nz(d.behavior()))
                .put("blackbox.permission.decided_by", nz(d.decidedBy()))
                .put("blackbox.permission.via", nz(d.via()))
                .put("blackbox.permission.latency_ms", d.latencyMicros() / 1000.0)
                .put("blackbox.permission.interrupt", Boolean.TRUE.equals(d.interrupt()));
        if (content && d.message() != null) {
            a.put("blackbox.permission.message", d.message());
        }
        Attributes decided = a.build();
        if (tool != root) {
            tool.put("blackbox.permission.outcome", outcome).put("blackbox.permission.behavior", d.behavior())
                    .put("blackbox.permission.decided_by", d.decidedBy()).put("blackbox.permission.via", d.via())
                    .put(AttributeKey.doubleKey("blackbox.permission.latency_ms"), d.latencyMicros() / 1000.0);
            if (!"allow".equals(d.behavior())) {
                refusedTools.put(toolUseId, "permission_denied");
            }
        }
        tool.event("blackbox.permission.decided", e, decided);
    }

    private void permissionCancelled(JournalEntry e, String requestId) throws IOException {
        SpanDraft tool = toolFor(requestId, null);
        if (tool != root) {
            tool.put("blackbox.permission.outcome", "cancelled");
            refusedTools.put(toolIdFor(requestId, null), "permission_cancelled");
        }
        tool.event("blackbox.permission.cancelled", e, Attributes.builder()
                .put("blackbox.permission.request_id", nz(requestId)).put("blackbox.permission.outcome", "cancelled").build());
    }

    /** The open tool span a permission is about, or the root when it is not open (answered after its result, unknown). */
    private SpanDraft toolFor(String requestId, String toolUseId) {
        String id = toolIdFor(requestId, toolUseId);
        SpanDraft tool = id == null ? null : tools.get(id);
        return tool != null ? tool : root;
    }

    private String toolIdFor(String requestId, String toolUseId) {
        return toolUseId != null ? toolUseId : requestId == null ? null : toolOfRequest.get(requestId);
    }

    // ---------------------------------------------------------------- content (only with --include-content)

    private void input(String role, ObjectNode part) {
        if (!content) {
            return;
        }
        if (pendingInput == null) {
            pendingInput = JSON.createArrayNode();
        }
        JsonNode last = pendingInput.isEmpty() ? null : pendingInput.get(pendingInput.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.path("parts")).add(part);
        } else {
            ObjectNode msg = pendingInput.addObject().put("role", role);
            msg.putArray("parts").add(part);
        }
    }

    private static ObjectNode textPart(String text) {
        return JSON.createObjectNode().put("type", "text").put("content", text);
    }

    /** An assistant content block as a GenAI message part. */
    private static ObjectNode outputPart(JsonNode block) {
        String type = block.path("type").asText();
        return switch (type) {
            case "text" -> textPart(block.path("text").asText());
            case "thinking" -> JSON.createObjectNode().put("type", "reasoning").put("content", block.path("thinking").asText());
            case "tool_use" -> {
                ObjectNode p = JSON.createObjectNode().put("type", "tool_call").put("id", block.path("id").asText())
                        .put("name", block.path("name").asText());
                p.set("arguments", block.path("input"));
                yield p;
            }
            default -> JSON.createObjectNode().put("type", type);
        };
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                sb.append(sb.length() == 0 ? "" : "\n").append(part.path("text").asText());
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode parse(JournalEntry e) {
        try {
            return JSON.readTree(e.payload());
        } catch (IOException notJson) {
            return JSON.createObjectNode(); // the sniffer already checked it is JSON
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
