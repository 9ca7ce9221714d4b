package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.Hash64;
import dev.blackbox.frame.RecentIds;
import dev.blackbox.permission.PermissionLifecycle;
import dev.blackbox.permission.PermissionOutcome;
import dev.blackbox.replay.state.Describe;
import dev.blackbox.replay.transcript.Item.Marker;
import dev.blackbox.replay.transcript.Item.Ref;
import dev.blackbox.replay.transcript.Item.Tone;
import dev.blackbox.replay.transcript.Item.Who;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns journal entries into transcript {@link Item}s: what the agent said, which tools it called with
 * what input and what came back, who allowed or denied what and how fast, where the connection
 * dropped and where nothing happened for a while. Remembers only what it needs to tell the story
 * (pending requests, the names of recent tool calls, recent uuids), so memory stays bounded however
 * long the session. Not thread-safe.
 */
public final class Interpreter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter PRETTY = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
    private static final int TOOL_NAMES_KEPT = 10_000;
    private static final int TOOL_INPUTS_KEPT = 64;

    private record Request(String toolName, long receivedTs, String toolUseId) {
    }

    private final FrameSniffer sniffer = new FrameSniffer();
    private final RecentIds recentUuids = new RecentIds(1 << 16);
    /** The user messages the recorder journaled before delivering them (journal format 2). */
    private final RecentIds sentMessages = new RecentIds(1 << 10);
    private final PermissionLifecycle<Request> permissions = new PermissionLifecycle<>();
    private final Map<String, String> toolNames = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > TOOL_NAMES_KEPT;
        }
    };
    /** The input of recent tool calls, so a permission request for the same call does not print it again. */
    private final Map<String, JsonNode> toolInputs = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonNode> eldest) {
            return size() > TOOL_INPUTS_KEPT;
        }
    };
    /** Which tool each recent request was for, so a refused decision can say what it was about. */
    private final Map<String, String> requestTools = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > TOOL_NAMES_KEPT;
        }
    };
    private final long gapMicros;
    private long lastTs;
    private String initSignature;
    /** Backfilled frames in a row so far: the line that says how many comes after the run. */
    private long backfillRun;

    /** @param gapMicros a silence at least this long between two entries is shown as a gap (0: never) */
    public Interpreter(long gapMicros) {
        this.gapMicros = gapMicros;
    }

    /** Interprets one entry; {@code out} receives zero or more items. */
    public void interpret(JournalEntry e, Consumer<Item> out) {
        long seq = e.seq(), ts = e.tsMicros();
        if (gapMicros > 0 && lastTs != 0 && ts - lastTs >= gapMicros) {
            out.accept(Item.of(seq, lastTs, Who.GAP, Tone.DIM, Times.duration(ts - lastTs) + " without activity"));
        }
        lastTs = ts;
        if (e.kind() == EntryKind.FRAME_BACKFILLED) {
            backfillRun++;
        } else if (backfillRun > 0) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.WARN, backfillRun + (backfillRun == 1 ? " frame" : " frames")
                    + " above backfilled from the session's history (the connection never delivered them)")
                    .withMarker(Marker.CONNECTION));
            backfillRun = 0;
        }
        switch (e.kind()) {
            case FRAME_RECEIVED, FRAME_BACKFILLED -> received(seq, ts, e.payload(), out);
            case FRAME_SENT -> sent(seq, ts, e.payload(), out);
            case FRAME_RECEIVED_BINARY -> out.accept(Item.of(seq, ts, Who.MALFORMED, Tone.ERROR,
                    "binary frame, " + e.payload().length + " bytes"));
            default -> record(seq, ts, e.kind(), e.payload(), out);
        }
    }

    // ---------------------------------------------------------------- frames received

    private void received(long seq, long ts, byte[] payload, Consumer<Item> out) {
        if (!sniffer.sniff(payload)) {
            out.accept(Item.of(seq, ts, Who.MALFORMED, Tone.ERROR, "malformed frame (" + sniffer.problem() + ")")
                    .withBody(preview(payload), true));
            return;
        }
        String type = sniffer.type();
        if (recentUuids.seen(sniffer.uuidHash())) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "replayed " + sniffer.qualifiedType()
                    + " frame (same uuid, shown before)"));
            return;
        }
        switch (type) {
            case "keep_alive", "stream_event", "control_response", "tool_progress", "rate_limit_event",
                 "prompt_suggestion", "auth_status" -> {
                // protocol noise: counted by the state, not part of the story
            }
            case "assistant" -> assistant(seq, ts, parse(payload), out);
            case "user" -> user(seq, ts, parse(payload), out);
            case "result" -> result(seq, ts, parse(payload), out);
            case "system" -> system(seq, ts, sniffer.subtype(), payload, out);
            case "control_request" -> controlRequest(seq, ts, parse(payload), out);
            case "control_cancel_request" -> cancel(seq, ts, sniffer.top().string("request_id"), out);
            default -> out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, type + " frame"));
        }
    }

    private void assistant(long seq, long ts, JsonNode f, Consumer<Item> out) {
        for (JsonNode block : f.path("message").path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> out.accept(new Item(seq, ts, Who.ASSISTANT, Tone.NORMAL, null, null,
                        block.path("text").asText(), false, Ref.of(Ref.Kind.TEXT)));
                case "thinking" -> out.accept(Item.of(seq, ts, Who.ASSISTANT, Tone.DIM, "(thinking)")
                        .withBody(block.path("thinking").asText(), false).withRef(Ref.of(Ref.Kind.THINKING)));
                case "tool_use" -> {
                    String name = block.path("name").asText("?");
                    toolNames.put(block.path("id").asText(), name);
                    toolInputs.put(block.path("id").asText(), block.path("input"));
                    out.accept(Item.of(seq, ts, Who.TOOL, Tone.NORMAL, name + toolSummary(block.path("input")))
                            .withBody(pretty(block.path("input")), true)
                            .withRef(Ref.toolCall(block.path("id").asText(null), name, block.path("input"))));
                }
                default -> out.accept(Item.of(seq, ts, Who.ASSISTANT, Tone.DIM, "(" + block.path("type").asText() + " block)"));
            }
        }
        if (f.hasNonNull("error")) {
            out.accept(Item.of(seq, ts, Who.ASSISTANT, Tone.ERROR, "error: " + f.path("error").asText()));
        }
        if (f.path("aborted").asBoolean(false)) {
            out.accept(Item.of(seq, ts, Who.ASSISTANT, Tone.WARN, "(aborted)"));
        }
    }

    /** The most telling input field next to the tool name: a command, a path, a URL, a pattern. */
    private static String toolSummary(JsonNode input) {
        for (String key : new String[]{"command", "file_path", "path", "url", "pattern", "query", "description"}) {
            JsonNode v = input.get(key);
            if (v != null && v.isTextual()) {
                return "  " + oneLine(v.asText(), 120);
            }
        }
        return "";
    }

    private void user(long seq, long ts, JsonNode f, Consumer<Item> out) {
        JsonNode content = f.path("message").path("content");
        if (content.isTextual()) {
            out.accept(new Item(seq, ts, Who.USER, Tone.NORMAL, null, null, content.asText(), false));
            return;
        }
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if ("text".equals(type)) {
                out.accept(new Item(seq, ts, Who.USER, Tone.NORMAL, null, null, block.path("text").asText(), false));
            } else if ("tool_result".equals(type)) {
                String tool = toolNames.getOrDefault(block.path("tool_use_id").asText(), "tool");
                boolean error = block.path("is_error").asBoolean(false);
                out.accept(Item.of(seq, ts, Who.TOOL, error ? Tone.ERROR : Tone.NORMAL,
                        (error ? "error from " : "result of ") + tool).withBody(text(block.path("content")), true)
                        .withRef(Ref.toolResult(block.path("tool_use_id").asText(null), tool)));
            }
        }
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                sb.append(sb.length() == 0 ? "" : "\n").append(part.path("text").asText());
            } else {
                sb.append(sb.length() == 0 ? "" : "\n").append("(").append(part.path("type").asText()).append(")");
            }
        }
        return sb.toString();
    }

    private void result(long seq, long ts, JsonNode f, Consumer<Item> out) {
        boolean error = f.path("is_error").asBoolean(false);
        StringBuilder h = new StringBuilder("turn ended: ").append(f.path("subtype").asText("?"));
        if (f.hasNonNull("terminal_reason") && !"completed".equals(f.path("terminal_reason").asText())) {
            h.append(" (").append(f.path("terminal_reason").asText()).append(")");
        }
        if (f.has("total_cost_usd")) {
            h.append(" · ").append(Times.usd(f.path("total_cost_usd").asDouble()));
        }
        if (f.has("duration_ms")) {
            h.append(" · ").append(Times.duration(f.path("duration_ms").asLong() * 1000));
        }
        if (f.has("num_turns")) {
            h.append(" · ").append(f.path("num_turns").asLong()).append(" turns");
        }
        JsonNode usage = f.path("usage");
        if (usage.has("input_tokens")) {
            h.append(" · ").append(usage.path("input_tokens").asLong()).append(" in / ")
                    .append(usage.path("output_tokens").asLong()).append(" out tokens");
        }
        Item item = Item.of(seq, ts, Who.RESULT, error ? Tone.ERROR : Tone.OK, h.toString()).withMarker(Marker.RESULT);
        if (f.path("errors").size() > 0) {
            StringBuilder errs = new StringBuilder();
            f.path("errors").forEach(x -> errs.append(errs.length() == 0 ? "" : "\n").append(x.asText()));
            item = item.withBody(errs.toString(), true);
        }
        out.accept(item);
    }

    private void system(long seq, long ts, String subtype, byte[] payload, Consumer<Item> out) {
        String sub = subtype == null ? "" : subtype;
        if ("init".equals(sub)) {
            // re-emitted every turn and large (tool and command lists): read four fields, no tree
            var top = sniffer.top();
            String model = Objects.requireNonNullElse(top.string("model"), "?");
            String cwd = Objects.requireNonNullElse(top.string("cwd"), "?");
            String mode = Objects.requireNonNullElse(top.string("permissionMode"), "?");
            int tools = top.strings("tools").size();
            String signature = model + "|" + cwd + "|" + mode + "|" + tools;
            if (!signature.equals(initSignature)) {
                initSignature = signature;
                out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "session initialized: model " + model + ", cwd " + cwd
                        + ", " + tools + " tools, permission mode " + mode));
            }
            return;
        }
        JsonNode f = parse(payload);
        switch (sub) {
            case "status" -> {
                if (f.hasNonNull("status")) {
                    out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "status: " + f.path("status").asText()));
                }
                if (f.hasNonNull("permissionMode")) {
                    out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "permission mode: " + f.path("permissionMode").asText()));
                }
            }
            case "compact_boundary" -> out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "conversation compacted"));
            case "api_retry" -> out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.WARN, "API retry " + f.path("attempt").asText()
                    + "/" + f.path("max_retries").asText() + " in " + f.path("retry_delay_ms").asText() + " ms"));
            default -> {
                // task, hook and state-change notices: counted by the state, too chatty for a transcript
            }
        }
    }

    private void controlRequest(long seq, long ts, JsonNode f, Consumer<Item> out) {
        JsonNode req = f.path("request");
        String subtype = req.path("subtype").asText();
        if (!"can_use_tool".equals(subtype)) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "control request: " + subtype));
            return;
        }
        String requestId = f.path("request_id").asText();
        String tool = req.path("tool_name").asText("?");
        String toolUseId = req.path("tool_use_id").asText(null);
        boolean wasPending = permissions.isPending(requestId);
        if (permissions.when(new PermissionLifecycle.Requested(requestId), new Request(tool, ts, toolUseId)).change()
                == PermissionLifecycle.Change.REPEATED) {
            out.accept(Item.of(seq, ts, Who.PERMISSION, Tone.DIM, tool + " permission request sent again (same request_id"
                    + (wasPending ? ", still pending)" : ", already answered)"))
                    .withRef(Ref.request(Ref.Kind.PERMISSION_REPEATED, requestId, toolUseId, tool, null)));
            return;
        }
        requestTools.put(requestId, tool);
        String why = req.hasNonNull("description") ? ": " + oneLine(req.path("description").asText(), 120) : "";
        boolean sameInput = req.path("input").equals(toolInputs.get(req.path("tool_use_id").asText()));
        StringBuilder body = new StringBuilder(sameInput ? "" : pretty(req.path("input")));
        if (req.hasNonNull("blocked_path")) {
            body.append(body.length() == 0 ? "" : "\n").append("blocked path: ").append(req.path("blocked_path").asText());
        }
        Item item = Item.of(seq, ts, Who.PERMISSION, Tone.WARN, tool + " asks for permission" + why
                + (sameInput ? " (the input shown above)" : ""))
                .withRef(Ref.request(Ref.Kind.PERMISSION_REQUEST, requestId, toolUseId, tool, sameInput ? null : req.path("input")));
        out.accept(body.length() == 0 ? item : item.withBody(body.toString(), true));
    }

    private void cancel(long seq, long ts, String requestId, Consumer<Item> out) {
        Request r = requestId == null ? null : permissions.when(new PermissionLifecycle.Cancelled(requestId)).request();
        String what = r == null ? "request " + requestId : r.toolName();
        String after = r == null ? "" : " after " + Times.duration(ts - r.receivedTs());
        out.accept(Item.of(seq, ts, Who.PERMISSION, Tone.WARN, what + " permission request cancelled by the session" + after)
                .withMarker(Marker.DECISION).withRef(Ref.decision(requestId, r == null ? null : r.toolUseId(),
                        r == null ? null : r.toolName(), PermissionOutcome.CANCELLED)));
    }

    // ---------------------------------------------------------------- frames sent

    private void sent(long seq, long ts, byte[] payload, Consumer<Item> out) {
        if (!sniffer.sniff(payload)) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.ERROR, "sent a malformed frame (" + sniffer.problem() + ")"));
            return;
        }
        if ("control_response".equals(sniffer.type())) {
            // answers to permission requests are shown from their PERMISSION_DECIDED records; error replies
            // (to control requests the recorder does not support) have no record, so show them here
            JsonNode response = parse(payload).path("response");
            if ("error".equals(response.path("subtype").asText())) {
                out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "replied with an error: "
                        + oneLine(response.path("error").asText(), 160)));
            }
            return;
        }
        if ("user".equals(sniffer.type())) {
            // a user message, journaled before it was delivered: shown here, once; its echo is a replay
            recentUuids.seen(sniffer.uuidHash());
            sentMessages.seen(sniffer.uuidHash());
            out.accept(new Item(seq, ts, Who.USER, Tone.NORMAL, Marker.PROMPT, null,
                    text(parse(payload).path("message").path("content")), false));
            return;
        }
        // decisions and interrupts are shown from their journal records, which precede the frame
        if (!("control_request".equals(sniffer.type()) && "interrupt".equals(sniffer.subtype()))) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "sent " + sniffer.qualifiedType()));
        }
    }

    // ---------------------------------------------------------------- the journal's own records

    private void record(long seq, long ts, EntryKind kind, byte[] payload, Consumer<Item> out) {
        JournalRecord rec;
        try {
            rec = JournalRecord.Codec.decode(payload, JournalRecord.Codec.typeOf(kind));
        } catch (JournalException e) {
            out.accept(Item.of(seq, ts, Who.MALFORMED, Tone.ERROR, "unreadable " + kind + " record"));
            return;
        }
        if (rec instanceof JournalRecord.RecordingStarted r) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "recording started: session " + r.sessionId()
                    + (r.viewerOnly() ? " (viewer only)" : "") + ", recorder " + r.recorderVersion() + " on " + r.host()
                    + ("stdio".equals(r.transportName()) && r.worker() != null ? "; local worker " + r.worker().get("cli")
                    + (r.worker().get("version") == null ? "" : " " + r.worker().get("version")) + " in " + r.worker().get("cwd") : "")));
        } else if (rec instanceof JournalRecord.WorkerStderr w) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "worker stderr: " + oneLine(w.line(), 300)));
        } else if (rec instanceof JournalRecord.WorkerExited w) {
            boolean ok = w.exitCode() != null && w.exitCode() == 0;
            out.accept(Item.of(seq, ts, Who.CONNECTION, ok ? Tone.OK : Tone.ERROR, "worker "
                    + (w.signal() != null ? "ended by " + w.signal() : "exited with status " + w.exitCode())
                    + (w.stdinClosed() ? " after its stdin was closed" : "")).withMarker(Marker.CONNECTION));
        } else if (rec instanceof JournalRecord.Connecting c) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.DIM, "connecting (attempt " + c.attempt() + ")"));
        } else if (rec instanceof JournalRecord.Connected c) {
            Item item = Item.of(seq, ts, Who.CONNECTION, Tone.OK, "connected (attempt " + c.attempt() + ")");
            out.accept(c.attempt() > 1 ? item.withMarker(Marker.CONNECTION) : item);
        } else if (rec instanceof JournalRecord.Reconnecting r) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.WARN, "connection lost, reconnecting: " + Describe.reconnecting(r))
                    .withMarker(Marker.CONNECTION));
        } else if (rec instanceof JournalRecord.Disconnected d) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.ERROR, "disconnected: " + Describe.disconnected(d))
                    .withMarker(Marker.CONNECTION));
        } else if (rec instanceof JournalRecord.ConnectionError c) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.WARN, "connection error: " + c.message()));
        } else if (rec instanceof JournalRecord.MessagePosted m) {
            messagePosted(seq, ts, m, out);
        } else if (rec instanceof JournalRecord.PermissionDecided d) {
            decided(seq, ts, d, out);
        } else if (rec instanceof JournalRecord.DecisionRefused r) {
            boolean detailSaysMore = r.detail() != null && !r.detail().isEmpty()
                    && (r.requestId() == null || !r.detail().contains(r.requestId()));
            String tool = r.requestId() == null ? null : requestTools.get(r.requestId());
            out.accept(Item.of(seq, ts, Who.PERMISSION, Tone.DIM, "decision by " + r.triedBy() + " on "
                    + (tool == null ? "request " : "the " + tool + " request ") + r.requestId() + " refused: " + r.why()
                    + (detailSaysMore ? " (" + r.detail() + ")" : ""))
                    .withRef(Ref.request(Ref.Kind.DECISION_REFUSED, r.requestId(), null, tool, null)));
        } else if (rec instanceof JournalRecord.RecordingStopped r) {
            out.accept(Item.of(seq, ts, Who.SYSTEM, Tone.DIM, "recording stopped: " + r.reason()));
        } else if (rec instanceof JournalRecord.InterruptRequested i) {
            out.accept(Item.of(seq, ts, Who.USER, Tone.WARN, "interrupt requested by " + i.requestedBy())
                    .withMarker(Marker.PROMPT));
        } else if (rec instanceof JournalRecord.SendFailed f) {
            out.accept(Item.of(seq, ts, Who.CONNECTION, Tone.ERROR, "could not send a frame: " + f.reason()));
        } else if (rec instanceof JournalRecord.PolicyRuleAdded r) {
            out.accept(Item.of(seq, ts, Who.PERMISSION, Tone.WARN, "rule " + r.ruleId() + " added by " + r.addedBy()
                    + ": " + r.decision() + " " + r.tool() + (r.input() == null || r.input().isEmpty() ? "" : " where " + r.input())
                    + " for the rest of this session").withMarker(Marker.DECISION));
        }
    }

    /**
     * The outcome of a user message. Since journal format 2 the message itself is journaled (FRAME_SENT)
     * before it is delivered and shown from there, so only a failed delivery is shown here; older
     * journals only have this record, and the session's echo may come before or after it.
     */
    private void messagePosted(long seq, long ts, JournalRecord.MessagePosted m, Consumer<Item> out) {
        String by = m.sentBy() == null ? "message" : "prompt from " + m.sentBy();
        long uuid = m.uuid() == null ? 0 : Hash64.of(m.uuid());
        boolean journaledBefore = sentMessages.seen(uuid);
        boolean shown = recentUuids.seen(uuid);
        if (!m.ok()) {
            String why = (m.httpStatus() == null ? "" : "HTTP " + m.httpStatus() + " ") + (m.error() == null ? "" : m.error());
            out.accept(new Item(seq, ts, Who.USER, Tone.ERROR, Marker.PROMPT, (by + " not delivered: " + why).trim(),
                    shown || m.content() == null ? null : text(m.content()), false));
        } else if (journaledBefore) {
            // delivered: the message was shown where it was journaled; when the service's answer came is noise
        } else if (shown) {
            out.accept(new Item(seq, ts, Who.USER, Tone.DIM, Marker.PROMPT, by + " posted (its echo is shown above)", null, false));
        } else {
            out.accept(new Item(seq, ts, Who.USER, Tone.NORMAL, Marker.PROMPT, m.sentBy() == null ? null : by,
                    m.content() == null ? "" : text(m.content()), false));
        }
    }

    private void decided(long seq, long ts, JournalRecord.PermissionDecided d, Consumer<Item> out) {
        Request r = d.requestId() == null ? null : permissions.when(new PermissionLifecycle.Decided(d.requestId())).request();
        String tool = d.toolName() != null ? d.toolName() : r != null ? r.toolName() : "request " + d.requestId();
        String after = " after " + Times.duration(d.latencyMicros());
        String headline;
        Tone tone;
        if ("timeout".equals(d.via())) {
            headline = tool + " not answered within " + Times.duration(d.latencyMicros()) + ": "
                    + ("allow".equals(d.behavior()) ? "allowed" : "denied") + " by timeout";
            tone = Tone.ERROR;
        } else {
            boolean allow = "allow".equals(d.behavior());
            headline = tool + (allow ? " allowed" : " denied") + " by " + d.decidedBy() + " via " + d.via() + after;
            tone = allow ? Tone.OK : Tone.ERROR;
        }
        if (d.message() != null && !d.message().isEmpty()) {
            headline += ": " + oneLine(d.message(), 200);
        }
        String toolUseId = d.toolUseId() != null ? d.toolUseId() : r != null ? r.toolUseId() : null;
        out.accept(Item.of(seq, ts, Who.PERMISSION, tone, headline).withMarker(Marker.DECISION)
                .withRef(Ref.decision(d.requestId(), toolUseId, d.toolName() != null ? d.toolName() : r != null ? r.toolName() : null,
                        PermissionOutcome.of(d.behavior(), d.via()))));
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            return JSON.createObjectNode(); // the sniffer already checked it is JSON
        }
    }

    private static String pretty(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "";
        }
        try {
            return PRETTY.writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    static String oneLine(String s, int max) {
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }

    private static String preview(byte[] payload) {
        int n = Math.min(payload.length, 300);
        String s = new String(payload, 0, n, StandardCharsets.UTF_8);
        return payload.length > n ? s + "… (" + payload.length + " bytes)" : s;
    }
}
