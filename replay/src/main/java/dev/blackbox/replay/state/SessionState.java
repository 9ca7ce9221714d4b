package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.JsonScan;
import dev.blackbox.frame.RecentIds;
import dev.blackbox.permission.PermissionLifecycle;
import dev.blackbox.permission.PermissionOutcome;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session's journal says, folded entry by entry: connection, frames, the agent's settings,
 * permissions, turns, cost and usage. A pure fold — no Vert.x, no I/O — so that a state rebuilt from
 * entry 1 equals the one a live projection built, and applying an entry twice changes nothing
 * (entries at or below {@link #lastSeq()} are ignored).
 *
 * <p>Counting rules: frames are counted as received (replays included, plus a {@code duplicates}
 * count); SDK messages the server replays (same {@code uuid}, within the last {@value #DEDUP_WINDOW}
 * messages) have no further effect; a {@code result} ends a turn and its cost and usage count once per
 * uuid; assistant usage counts once per {@code message.id} (both among the last {@value #DEDUP_WINDOW}); a
 * {@code can_use_tool} whose request_id was seen before is not a new request. Memory stays bounded: logs keep
 * their most recent entries, the counts stay exact.
 */
public final class SessionState {

    static final int DEDUP_WINDOW = 1 << 16;
    private static final ObjectMapper WORKER_FACTS = new ObjectMapper();
    static final int LOG_LIMIT = 10_000;
    static final int HISTORY_LIMIT = 1_000;
    static final int MALFORMED_SAMPLES = 100;

    private final String sessionId;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final JsonScan scan = new JsonScan();
    private final RecentIds recentUuids = new RecentIds(DEDUP_WINDOW);
    // windows, not sets: the frames of one API message arrive together and replays come soon after a reconnect
    // (already caught by recentUuids), so the most recent ids are all a count needs, and memory stays bounded
    private final RecentIds resultUuids = new RecentIds(DEDUP_WINDOW);
    private final RecentIds assistantMessageIds = new RecentIds(DEDUP_WINDOW);

    private long lastSeq;
    private long entries;
    private long firstTs;
    private long lastTs;

    // recording and connection
    private JournalRecord.RecordingStarted recording;
    private String stopReason;
    private String status = "unknown";
    private long connects;
    private long reconnects;
    private long connectionErrors;
    private Integer lastCloseCode;
    private String lastError;
    private final Deque<ConnectionEvent> history = new ArrayDeque<>();

    // frames
    private final TypeCounts received = new TypeCounts();
    private final TypeCounts sent = new TypeCounts();
    private long duplicates;
    private long backfilled;
    private long sessionRules;
    private long sendFailures;
    private long interruptsRequested;
    private long unreadableRecords;
    private final Map<String, long[]> malformedByReason = new TreeMap<>();
    private long malformed;
    private final List<ObjectNode> malformedSamples = new ArrayList<>();

    // the agent
    private String model;
    private String cwd;
    private List<String> tools = List.of();
    private long lastToolsHash;
    private String permissionMode;
    private String agentStatus;
    private String agentState;
    private String claudeCodeVersion;
    private String workerSessionId;

    // a local worker (stdio sessions)
    private long workerStderrLines;
    private String lastWorkerStderr;
    private JournalRecord.WorkerExited workerExit;

    // permissions
    private final PermissionLifecycle<Permission.Pending> permissions = new PermissionLifecycle<>();
    private long requested;
    private long repeatedRequests;
    private final long[] outcomes = new long[PermissionOutcome.values().length];
    private long refused;
    private final Map<String, long[]> refusedByWhy = new TreeMap<>();
    private final Deque<Permission.Decision> decisions = new ArrayDeque<>();
    private long latencyCount;
    private long latencySum;
    private long latencyMin = Long.MAX_VALUE;
    private long latencyMax;

    // turns and money
    private long prompts;
    private long promptFailures;
    private long turns;
    private long errorTurns;
    private final Deque<TurnResult> results = new ArrayDeque<>();
    private double costUsd;
    private double lastReportedCostUsd;
    private final Usage resultUsage = new Usage();
    private final Usage assistantUsage = new Usage();
    private long assistantMessages;

    /** How many decisions and results ({@link #LOG_LIMIT}) and connection events ({@link #HISTORY_LIMIT}) are kept. */
    private final int logLimit;
    private final int historyLimit;

    public SessionState(String sessionId) {
        this(sessionId, LOG_LIMIT, HISTORY_LIMIT);
    }

    private SessionState(String sessionId, int logLimit, int historyLimit) {
        this.sessionId = sessionId;
        this.logLimit = logLimit;
        this.historyLimit = historyLimit;
    }

    /**
     * A fold that keeps every count but none of the logs (decisions, results, connection history): for totals
     * shown next to something else, such as a transcript. Same rules, less garbage (a log's entries live long
     * enough to be promoted, then die).
     */
    public static SessionState countsOnly(String sessionId) {
        return new SessionState(sessionId, 0, 0);
    }

    /** Folds a whole journal from entry 1 (what a live projection must equal). */
    public static SessionState rebuild(JournalReader reader) {
        SessionState state = new SessionState(reader.sessionId());
        for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
            state.apply(e);
        }
        return state;
    }

    /** Applies one entry; false when it was already applied (seq at or below {@link #lastSeq()}). */
    public boolean apply(JournalEntry e) {
        return apply(e.seq(), e.tsMicros(), e.kind(), e.payload());
    }

    public boolean apply(long seq, long ts, EntryKind kind, byte[] payload) {
        if (seq <= lastSeq) {
            return false;
        }
        lastSeq = seq;
        entries++;
        if (firstTs == 0) {
            firstTs = ts;
        }
        lastTs = ts;
        switch (kind) {
            case FRAME_RECEIVED -> frameReceived(seq, ts, payload);
            case FRAME_BACKFILLED -> {
                backfilled++;
                frameReceived(seq, ts, payload); // the history's copy of a frame the socket never delivered: it counts as received
            }
            case FRAME_SENT -> frameSent(payload);
            case FRAME_RECEIVED_BINARY -> malformed(seq, FrameSniffer.BINARY, payload, true);
            default -> record(seq, ts, kind, payload);
        }
        return true;
    }

    // ---------------------------------------------------------------- frames

    private void frameReceived(long seq, long ts, byte[] payload) {
        if (!sniffer.sniff(payload)) {
            malformed(seq, sniffer.problem(), payload, false);
            return;
        }
        String type = sniffer.type();
        received.add(type, sniffer.subtype());
        if (recentUuids.seen(sniffer.uuidHash())) {
            duplicates++;
            return; // a replayed SDK message: counted as received, no other effect
        }
        JsonScan top = sniffer.top();
        switch (type) {
            case "system" -> systemFrame(top, sniffer.subtype());
            case "assistant" -> assistantFrame();
            case "result" -> resultFrame(seq, ts, top);
            case "control_request" -> {
                if ("can_use_tool".equals(sniffer.subtype())) {
                    permissionRequested(seq, ts, top, sniffer.member("request"));
                }
            }
            case "control_cancel_request" -> permissionCancelled(seq, ts, top.string("request_id"));
            default -> {
            }
        }
    }

    private void frameSent(byte[] payload) {
        if (sniffer.sniff(payload)) {
            sent.add(sniffer.type(), sniffer.subtype());
        } else {
            sent.add("(malformed)", null);
        }
    }

    private void malformed(long seq, String reason, byte[] payload, boolean binary) {
        malformed++;
        malformedByReason.computeIfAbsent(reason, r -> new long[1])[0]++;
        if (malformedSamples.size() < MALFORMED_SAMPLES) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("seq", seq);
            o.put("reason", reason);
            o.put("bytes", payload.length);
            o.put("preview", binary ? "(" + payload.length + " bytes)" : preview(payload));
            malformedSamples.add(o);
        }
    }

    private static String preview(byte[] payload) {
        int n = Math.min(payload.length, 80);
        String s = new String(payload, 0, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ");
        return payload.length > n ? s + "…" : s;
    }

    private void systemFrame(JsonScan top, String subtype) {
        if ("init".equals(subtype)) {
            model = orKeep(top.string("model"), model);
            cwd = orKeep(top.string("cwd"), cwd);
            permissionMode = orKeep(top.string("permissionMode"), permissionMode);
            claudeCodeVersion = orKeep(top.string("claude_code_version"), claudeCodeVersion);
            workerSessionId = orKeep(top.string("session_id"), workerSessionId);
            long toolsHash = top.rawHash("tools");
            if (toolsHash != 0 && toolsHash != lastToolsHash) { // re-sent every turn, rarely different
                lastToolsHash = toolsHash;
                tools = List.copyOf(top.strings("tools"));
            }
        } else if ("status".equals(subtype)) {
            agentStatus = top.string("status"); // null clears "compacting"
            permissionMode = orKeep(top.string("permissionMode"), permissionMode);
        } else if ("session_state_changed".equals(subtype)) {
            agentState = orKeep(top.string("state"), agentState);
        }
    }

    private static String orKeep(String value, String old) {
        return value != null ? value : old;
    }

    private void assistantFrame() {
        JsonScan message = sniffer.member("message");
        if (message == null) {
            return;
        }
        long id = message.stringHash("id");
        if (assistantMessageIds.seen(id)) {
            return; // another content block of a message already counted
        }
        assistantMessages++;
        JsonScan usage = sniffer.messageUsage();
        if (usage != null) {
            assistantUsage.add(usage);
        }
    }

    private void resultFrame(long seq, long ts, JsonScan top) {
        long uuid = top.stringHash("uuid");
        if (resultUuids.seen(uuid)) {
            return;
        }
        turns++;
        Boolean isError = top.bool("is_error");
        if (Boolean.TRUE.equals(isError)) {
            errorTurns++;
        }
        double cost = top.number("total_cost_usd", 0);
        costUsd += cost;
        if (top.find("total_cost_usd") >= 0) {
            lastReportedCostUsd = cost;
        }
        TurnResult r = new TurnResult(seq, ts, top.string("subtype"), Boolean.TRUE.equals(isError),
                top.integer("duration_ms", 0), top.integer("num_turns", 0), cost);
        JsonScan usage = sniffer.member("usage");
        if (usage != null) {
            resultUsage.add(usage);
        }
        bounded(results, r, logLimit);
    }

    private void permissionRequested(long seq, long ts, JsonScan top, JsonScan request) {
        String requestId = top.string("request_id");
        if (requestId == null) {
            return;
        }
        var applied = permissions.when(new PermissionLifecycle.Requested(requestId), new Permission.Pending(requestId,
                request.string("tool_name"), request.string("tool_use_id"), request.string("description"), seq, ts));
        if (applied.change() == PermissionLifecycle.Change.REPEATED) {
            repeatedRequests++; // replayed after a reconnect, or already answered: not a new prompt
            return;
        }
        requested++;
    }

    private void permissionCancelled(long seq, long ts, String requestId) {
        if (requestId == null) {
            return;
        }
        Permission.Pending p = permissions.when(new PermissionLifecycle.Cancelled(requestId)).request();
        if (p != null) {
            decided(new Permission.Decision(requestId, p.toolName(), PermissionOutcome.CANCELLED, "session", null,
                    ts - p.receivedTsMicros(), seq, ts));
        }
    }

    private void decided(Permission.Decision d) {
        outcomes[d.outcome().ordinal()]++;
        if (d.outcome() != PermissionOutcome.CANCELLED) {
            latencyCount++;
            latencySum += d.latencyMicros();
            latencyMin = Math.min(latencyMin, d.latencyMicros());
            latencyMax = Math.max(latencyMax, d.latencyMicros());
        }
        bounded(decisions, d, logLimit);
    }

    private static <T> void bounded(Deque<T> log, T item, int limit) {
        if (limit == 0) {
            return;
        }
        if (log.size() == limit) {
            log.removeFirst();
        }
        log.addLast(item);
    }

    // ---------------------------------------------------------------- the journal's own records

    private void record(long seq, long ts, EntryKind kind, byte[] payload) {
        // the two records of every turn are read with the scanner; the rare ones through Jackson
        if (kind == EntryKind.MESSAGE_POSTED && scan.scan(payload)) {
            prompts++;
            if (!Boolean.TRUE.equals(scan.bool("ok"))) {
                promptFailures++;
            }
            return;
        }
        if (kind == EntryKind.PERMISSION_DECIDED && scan.scan(payload)) {
            permissionDecided(seq, ts, scan.string("requestId"), scan.string("toolName"), scan.string("behavior"),
                    scan.string("via"), scan.string("decidedBy"), scan.integer("latencyMicros", 0));
            return;
        }
        Class<? extends JournalRecord> type = JournalRecord.Codec.typeOf(kind);
        JournalRecord rec;
        try {
            rec = JournalRecord.Codec.decode(payload, type);
        } catch (JournalException e) {
            unreadableRecords++;
            return;
        }
        if (rec instanceof JournalRecord.RecordingStarted r) {
            recording = r;
            status = "started";
        } else if (rec instanceof JournalRecord.Connecting c) {
            connection(seq, ts, "connecting", null, "attempt " + c.attempt());
        } else if (rec instanceof JournalRecord.Connected c) {
            connects++;
            connection(seq, ts, "connected", null, "attempt " + c.attempt());
        } else if (rec instanceof JournalRecord.Reconnecting r) {
            reconnects++;
            if (r.closeCode() != null) {
                lastCloseCode = r.closeCode();
            }
            connection(seq, ts, "reconnecting", r.closeCode(), Describe.reconnecting(r));
        } else if (rec instanceof JournalRecord.Disconnected d) {
            if (d.closeCode() != null) {
                lastCloseCode = d.closeCode();
            }
            connection(seq, ts, "disconnected", d.closeCode(), Describe.disconnected(d));
        } else if (rec instanceof JournalRecord.ConnectionError c) {
            connectionErrors++;
            lastError = c.message();
            addHistory(new ConnectionEvent(seq, ts, "error", null, c.message()));
        } else if (rec instanceof JournalRecord.MessagePosted m) {
            prompts++;
            if (!m.ok()) {
                promptFailures++;
            }
        } else if (rec instanceof JournalRecord.PermissionDecided d) {
            permissionDecided(seq, ts, d.requestId(), d.toolName(), d.behavior(), d.via(), d.decidedBy(), d.latencyMicros());
        } else if (rec instanceof JournalRecord.DecisionRefused r) {
            refused++;
            refusedByWhy.computeIfAbsent(String.valueOf(r.why()), w -> new long[1])[0]++;
        } else if (rec instanceof JournalRecord.RecordingStopped r) {
            stopReason = r.reason();
            status = "stopped";
        } else if (rec instanceof JournalRecord.InterruptRequested) {
            interruptsRequested++;
        } else if (rec instanceof JournalRecord.SendFailed) {
            sendFailures++;
        } else if (rec instanceof JournalRecord.WorkerStderr w) {
            workerStderrLines++;
            lastWorkerStderr = w.line();
        } else if (rec instanceof JournalRecord.WorkerExited w) {
            workerExit = w;
        } else if (rec instanceof JournalRecord.PolicyRuleAdded) {
            sessionRules++;
        }
    }

    private void permissionDecided(long seq, long ts, String requestId, String toolName, String behavior, String via,
                                   String decidedBy, long latencyMicros) {
        Permission.Pending p = requestId == null ? null : permissions.when(new PermissionLifecycle.Decided(requestId)).request();
        String tool = toolName != null ? toolName : p == null ? null : p.toolName();
        decided(new Permission.Decision(requestId, tool, PermissionOutcome.of(behavior, via), decidedBy, via,
                latencyMicros, seq, ts));
    }

    private void connection(long seq, long ts, String event, Integer closeCode, String detail) {
        status = event;
        addHistory(new ConnectionEvent(seq, ts, event, closeCode, detail));
    }

    private void addHistory(ConnectionEvent e) {
        bounded(history, e, historyLimit);
    }

    // ---------------------------------------------------------------- reading the state

    public String sessionId() {
        return sessionId;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long entries() {
        return entries;
    }

    public long firstTsMicros() {
        return firstTs;
    }

    public long lastTsMicros() {
        return lastTs;
    }

    /** started, connecting, connected, reconnecting, disconnected, stopped (or unknown before any entry). */
    public String status() {
        return status;
    }

    /** Every frame received, malformed ones included. */
    public long framesReceived() {
        return received.total() + malformed;
    }

    public long malformed() {
        return malformed;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Frames journaled from the session's history because the connection never delivered them. */
    public long backfilled() {
        return backfilled;
    }

    public Collection<Permission.Pending> pending() {
        return permissions.pending();
    }

    public long decisions(PermissionOutcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    public long refused() {
        return refused;
    }

    public long turns() {
        return turns;
    }

    /** Turns whose result said {@code is_error}. */
    public long errorTurns() {
        return errorTurns;
    }

    /** Permission requests asked (a request sent again is not a new one). */
    public long requested() {
        return requested;
    }

    public long framesSent() {
        return sent.total();
    }

    public double costUsd() {
        return costUsd;
    }

    public Usage resultUsage() {
        return resultUsage;
    }

    public Usage assistantUsage() {
        return assistantUsage;
    }

    public String model() {
        return model;
    }

    /** The whole state as JSON: deterministic (same entries, same JSON), so live and rebuilt states compare equal. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        identity(o);

        ObjectNode rec = o.putObject("recording");
        if (recording != null) {
            rec.put("formatVersion", recording.formatVersion());
            rec.put("transport", recording.transportName());
            rec.put("orgUuid", recording.orgUuid());
            rec.put("baseUrl", recording.baseUrl());
            rec.put("viewerOnly", recording.viewerOnly());
            rec.put("recorderVersion", recording.recorderVersion());
            rec.put("host", recording.host());
            rec.put("reconnectMode", recording.reconnectMode());
            if (recording.worker() != null) {
                rec.set("worker", WORKER_FACTS.valueToTree(recording.worker())); // a tree, so reports can read it
            }
        }
        rec.put("stopped", stopReason != null);
        rec.put("stopReason", stopReason);

        ObjectNode conn = o.putObject("connection");
        conn.put("status", status);
        conn.put("connects", connects);
        conn.put("reconnects", reconnects);
        conn.put("errors", connectionErrors);
        conn.put("lastCloseCode", lastCloseCode);
        conn.put("lastError", lastError);
        ArrayNode hist = conn.putArray("history");
        for (ConnectionEvent e : history) {
            ObjectNode h = hist.addObject();
            h.put("seq", e.seq());
            h.put("time", time(e.tsMicros()));
            h.put("event", e.event());
            h.put("closeCode", e.closeCode());
            h.put("detail", e.detail());
        }

        ObjectNode frames = o.putObject("frames");
        frames.put("received", received.total() + malformed);
        frames.put("sent", sent.total());
        frames.put("duplicates", duplicates);
        frames.put("backfilled", backfilled);
        frames.put("sendFailures", sendFailures);
        frames.set("receivedByType", received.toJson());
        frames.set("sentByType", sent.toJson());

        ObjectNode bad = o.putObject("malformed");
        bad.put("count", malformed);
        ObjectNode byReason = bad.putObject("byReason");
        malformedByReason.forEach((k, v) -> byReason.put(k, v[0]));
        bad.putArray("samples").addAll(malformedSamples);
        bad.put("unreadableRecords", unreadableRecords);

        ObjectNode agent = o.putObject("agent");
        agent.put("model", model);
        agent.put("cwd", cwd);
        agent.put("permissionMode", permissionMode);
        agent.put("status", agentStatus);
        agent.put("state", agentState);
        agent.put("claudeCodeVersion", claudeCodeVersion);
        agent.put("sessionId", workerSessionId); // the worker's own id (system/init), not the recording's
        ArrayNode toolList = agent.putArray("tools");
        tools.forEach(toolList::add);

        ObjectNode perms = o.putObject("permissions");
        perms.put("requested", requested);
        perms.put("repeatedRequests", repeatedRequests);
        ArrayNode pend = perms.putArray("pending");
        for (Permission.Pending p : permissions.pending()) {
            ObjectNode n = pend.addObject();
            n.put("requestId", p.requestId());
            n.put("toolName", p.toolName());
            n.put("toolUseId", p.toolUseId());
            n.put("description", p.description());
            n.put("seq", p.receivedSeq());
            n.put("receivedAt", time(p.receivedTsMicros()));
        }
        ObjectNode outcome = perms.putObject("outcomes");
        for (PermissionOutcome out : PermissionOutcome.values()) {
            outcome.put(out.label(), outcomes[out.ordinal()]);
        }
        perms.put("refused", refused);
        perms.put("sessionRules", sessionRules);
        ObjectNode why = perms.putObject("refusedByWhy");
        refusedByWhy.forEach((k, v) -> why.put(k, v[0]));
        ObjectNode lat = perms.putObject("latencyMs");
        lat.put("count", latencyCount);
        lat.put("min", latencyCount == 0 ? 0 : latencyMin / 1000.0);
        lat.put("avg", latencyCount == 0 ? 0 : latencySum / 1000.0 / latencyCount);
        lat.put("max", latencyMax / 1000.0);
        ArrayNode log = perms.putArray("decisions");
        for (Permission.Decision d : decisions) {
            ObjectNode n = log.addObject();
            n.put("seq", d.seq());
            n.put("time", time(d.tsMicros()));
            n.put("requestId", d.requestId());
            n.put("toolName", d.toolName());
            n.put("outcome", d.outcome().label());
            n.put("decidedBy", d.decidedBy());
            n.put("via", d.via());
            n.put("latencyMs", d.latencyMicros() / 1000.0);
        }

        if ((recording != null && "stdio".equals(recording.transportName())) || workerStderrLines > 0 || workerExit != null) {
            ObjectNode worker = o.putObject("worker"); // a local worker process: its stderr and how it ended
            worker.put("stderrLines", workerStderrLines);
            worker.put("lastStderr", lastWorkerStderr);
            worker.put("exited", workerExit != null);
            worker.put("exitCode", workerExit == null ? null : workerExit.exitCode());
            worker.put("signal", workerExit == null ? null : workerExit.signal());
        }

        ObjectNode turn = o.putObject("turns");
        turn.put("prompts", prompts);
        turn.put("promptFailures", promptFailures);
        turn.put("interruptsRequested", interruptsRequested);
        turn.put("count", turns);
        turn.put("errors", errorTurns);
        ArrayNode res = turn.putArray("results");
        for (TurnResult r : results) {
            ObjectNode n = res.addObject();
            n.put("seq", r.seq());
            n.put("time", time(r.tsMicros()));
            n.put("subtype", r.subtype());
            n.put("isError", r.isError());
            n.put("durationMs", r.durationMs());
            n.put("numTurns", r.numTurns());
            n.put("costUsd", r.costUsd());
        }

        ObjectNode usage = o.putObject("usage");
        usage.put("costUsd", costUsd);
        usage.put("lastReportedCostUsd", lastReportedCostUsd);
        usage.set("results", resultUsage.toJson());
        ObjectNode asst = assistantUsage.toJson();
        asst.put("messages", assistantMessages);
        usage.set("assistant", asst);
        return o;
    }

    /** The one-line summary for session lists and state-change events. */
    public ObjectNode summaryJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        identity(o);
        o.put("framesReceived", received.total() + malformed);
        o.put("framesSent", sent.total());
        o.put("malformed", malformed);
        o.put("pending", permissions.pendingCount());
        long decided = 0;
        for (long n : outcomes) {
            decided += n;
        }
        o.put("decisions", decided);
        o.put("backfilled", backfilled);
        o.put("turns", turns);
        o.put("costUsd", costUsd);
        o.put("model", model);
        return o;
    }

    private void identity(ObjectNode o) {
        o.put("sessionId", sessionId);
        o.put("status", status);
        o.put("lastSeq", lastSeq);
        o.put("entries", entries);
        o.put("firstTime", firstTs == 0 ? null : time(firstTs));
        o.put("lastTime", lastTs == 0 ? null : time(lastTs));
        o.put("durationMs", (lastTs - firstTs) / 1000);
    }

    static String time(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }
}
