package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalVerdicts;
import dev.blackbox.journal.JournalVerifier;

import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.play.JournalIntegrity;
import dev.blackbox.replay.remote.ChainCheck;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code blackbox state}: a session's folded state plus the verdict of its hash chain, as JSON or as a
 * page of text; and the one-line-per-session table for lists.
 */
public final class StateReport {

    private final ObjectNode json;

    private StateReport(ObjectNode json) {
        this.json = json;
    }

    /**
     * A journal's verdict: {@code verdict} is sealed, live, unsealed, torn tail or tampered; {@code ok} unless
     * tampered; intact over {@code entries}, or broken at {@code firstBadSeq}; {@code line} the verdict in words.
     */
    public record Integrity(String verdict, boolean ok, long entries, long firstBadSeq, String problem, String line) {

        /** The verdict on a local journal read through the queue: the verifier's, unless the queue read otherwise. */
        public static Integrity of(JournalIntegrity read) {
            JournalVerifier.Result v = read.result();
            if (!read.failed() || !v.ok()) {
                return of(v);
            }
            return new Integrity("tampered", false, read.lastVouched(), read.failedAt(), read.failure(),
                    "tampered at seq " + read.failedAt() + ": " + read.failure());
        }

        /** The verifier's verdict on a local journal. */
        public static Integrity of(JournalVerifier.Result v) {
            return new Integrity(JournalVerdicts.word(v.status()), v.ok(), v.entries(), v.firstBadSeq(), v.problem(),
                    JournalVerdicts.line(v));
        }

        /**
         * A journal read from another node, its chain recomputed here: tampered when broken, else live while its
         * recorder records it, sealed when the last entry received is the seal, unsealed otherwise.
         */
        public static Integrity received(ChainCheck chain, boolean endsWithSeal, boolean recording) {
            if (!chain.ok()) {
                return new Integrity("tampered", false, chain.verified(), chain.firstBadSeq(), chain.problem(),
                        "tampered at seq " + chain.firstBadSeq() + ": " + chain.problem());
            }
            String verdict = recording ? "live" : endsWithSeal ? "sealed" : "unsealed";
            return new Integrity(verdict, true, chain.verified(), 0, null, verdict + (endsWithSeal && !recording ? ", intact" : "")
                    + ": " + chain.verified() + " entries, hash chain recomputed here from the entries received");
        }
    }

    /**
     * Verifies the journal from its files, then folds it from entry 1 through the queue, whose every entry is
     * checked against that walk ({@link JournalIntegrity}): a queue that reads otherwise than the files makes
     * the verdict tampered. An unreadable entry stops the fold, not the report.
     */
    public static StateReport of(Path root, String sessionId) {
        return of(root, sessionId, JournalVerifier.Options.none());
    }

    /** As {@link #of(Path, String)}, verified with a key and a witness too. */
    public static StateReport of(Path root, String sessionId, JournalVerifier.Options options) {
        JournalIntegrity integrity = JournalIntegrity.verify(root, sessionId, options);
        try (Entries entries = integrity.open(true)) {
            return fold(sessionId, entries, () -> Integrity.of(integrity));
        }
    }

    /**
     * Folds the entries of any source (a journal read from another node) to its end; the verdict is
     * asked for after the fold, so a source can judge the chain as it goes.
     */
    public static StateReport fold(String sessionId, Entries entries, Supplier<Integrity> verdict) {
        SessionState state = new SessionState(sessionId);
        String foldProblem = null;
        try {
            for (var e = entries.next(); e != null; e = entries.next()) {
                state.apply(e);
            }
        } catch (JournalException bad) {
            foldProblem = "stopped after seq " + state.lastSeq() + ": " + bad.getMessage();
        }
        Integrity v = verdict.get();
        ObjectNode json = state.toJson();
        ObjectNode integrity = json.putObject("integrity");
        integrity.put("verdict", v.verdict());
        integrity.put("ok", v.ok());
        integrity.put("entries", v.entries());
        integrity.put("line", v.line());
        if (!v.ok()) {
            integrity.put("firstBadSeq", v.firstBadSeq());
            integrity.put("problem", v.problem());
        }
        if (foldProblem != null) {
            json.put("foldProblem", foldProblem);
        }
        return new StateReport(json);
    }

    /** Says where the journal was read from: the node and host that hold it, and what the fleet says of it. */
    public StateReport heldBy(String node, String host, String fleetState) {
        ObjectNode fleet = json.putObject("fleet");
        fleet.put("node", node);
        fleet.put("host", host);
        fleet.put("state", fleetState);
        return this;
    }

    public ObjectNode json() {
        return json;
    }

    public boolean intact() {
        return json.at("/integrity/ok").asBoolean();
    }

    /** The verdict word: sealed, live, unsealed, torn tail, tampered. */
    public String verdict() {
        return json.at("/integrity/verdict").asText();
    }

    /** The state as a page of text for a terminal. */
    public String text() {
        JsonNode s = json;
        StringBuilder sb = new StringBuilder();
        String integrity = intact() ? s.at("/integrity/line").asText()
                : "FAILED at seq " + s.at("/integrity/firstBadSeq").asLong() + ": " + s.at("/integrity/problem").asText();
        line(sb, "session", s.path("sessionId").asText() + " · " + s.path("status").asText()
                + (s.at("/recording/stopReason").isTextual() ? " (" + s.at("/recording/stopReason").asText() + ")" : ""));
        line(sb, "integrity", integrity);
        if (s.has("fleet")) {
            line(sb, "held by", "host " + s.at("/fleet/host").asText() + " (node " + s.at("/fleet/node").asText()
                    + ") · " + s.at("/fleet/state").asText());
        }
        if (s.has("foldProblem")) {
            line(sb, "warning", "fold " + s.path("foldProblem").asText());
        }
        line(sb, "recorded", s.path("firstTime").asText("-") + " → " + s.path("lastTime").asText("-") + " ("
                + duration(s.path("durationMs").asLong()) + ", " + s.path("entries").asLong() + " entries)");
        JsonNode a = s.path("agent");
        line(sb, "agent", "model " + a.path("model").asText("?") + " · cwd " + a.path("cwd").asText("?")
                + " · permission mode " + a.path("permissionMode").asText("?") + " · " + a.path("tools").size() + " tools"
                + (a.path("state").isTextual() ? " · " + a.path("state").asText() : ""));
        if (s.has("worker")) {
            JsonNode w = s.path("worker");
            JsonNode facts = s.at("/recording/worker");
            line(sb, "worker", facts.path("cli").asText("?") + (facts.path("version").isTextual() ? " " + facts.path("version").asText() : "")
                    + " · " + (!w.path("exited").asBoolean() ? "running"
                    : w.path("signal").isTextual() ? "ended by " + w.path("signal").asText() : "exited with status " + w.path("exitCode").asInt())
                    + " · " + plural(w.path("stderrLines").asLong(), "stderr line")
                    + (a.path("sessionId").isTextual() ? " · its session " + a.path("sessionId").asText() : ""));
        }
        JsonNode c = s.path("connection");
        line(sb, "connection", c.path("status").asText() + " · " + plural(c.path("connects").asLong(), "connect")
                + " · " + plural(c.path("reconnects").asLong(), "reconnect")
                + (c.path("lastCloseCode").isNumber() ? " · last close " + c.path("lastCloseCode").asInt() : "")
                + " · " + plural(c.path("errors").asLong(), "error"));
        JsonNode f = s.path("frames");
        line(sb, "frames", f.path("received").asLong() + " received (" + f.path("duplicates").asLong() + " replayed, "
                + s.at("/malformed/count").asLong() + " malformed"
                + (f.path("backfilled").asLong() > 0 ? ", " + f.path("backfilled").asLong() + " backfilled from the history" : "")
                + ") · " + f.path("sent").asLong() + " sent"
                + (f.path("sendFailures").asLong() > 0 ? " · " + f.path("sendFailures").asLong() + " failed to send" : ""));
        line(sb, "", counts(f.path("receivedByType")));
        if (s.at("/malformed/count").asLong() > 0) {
            line(sb, "malformed", counts(s.at("/malformed/byReason")));
        }
        JsonNode p = s.path("permissions");
        JsonNode o = p.path("outcomes");
        line(sb, "permissions", p.path("requested").asLong() + " requested · " + p.path("pending").size() + " pending · allow "
                + o.path("allow").asLong() + " · deny " + o.path("deny").asLong() + " · cancelled " + o.path("cancelled").asLong()
                + " · timeout " + o.path("timeout").asLong() + " · refused " + p.path("refused").asLong());
        if (p.at("/latencyMs/count").asLong() > 0) {
            line(sb, "", String.format(Locale.ROOT, "decision latency avg %.1f ms (min %.1f, max %.1f)",
                    p.at("/latencyMs/avg").asDouble(), p.at("/latencyMs/min").asDouble(), p.at("/latencyMs/max").asDouble()));
        }
        for (JsonNode pend : p.path("pending")) {
            line(sb, "pending", pend.path("toolName").asText("?") + " · request " + pend.path("requestId").asText()
                    + " · since " + pend.path("receivedAt").asText()
                    + (pend.path("description").isTextual() ? " · " + pend.path("description").asText() : ""));
        }
        JsonNode t = s.path("turns");
        line(sb, "turns", plural(t.path("prompts").asLong(), "prompt") + " posted · " + plural(t.path("count").asLong(), "result")
                + " (" + plural(t.path("errors").asLong(), "error") + ")"
                + (t.path("interruptsRequested").asLong() > 0 ? " · " + plural(t.path("interruptsRequested").asLong(), "interrupt") : ""));
        JsonNode u = s.path("usage");
        line(sb, "cost", String.format(Locale.ROOT, "$%.6f", u.path("costUsd").asDouble()) + " · tokens "
                + u.at("/results/inputTokens").asLong() + " in / " + u.at("/results/outputTokens").asLong() + " out"
                + " (cache " + u.at("/results/cacheReadInputTokens").asLong() + " read, "
                + u.at("/results/cacheCreationInputTokens").asLong() + " written)");
        return sb.toString();
    }

    /** One row per session for lists: status, duration, frames, pending, decisions, cost, integrity. */
    public static String tableHeader() {
        return String.format(Locale.ROOT, "%-36s %-12s %10s %9s %7s %9s %11s  %s", "SESSION", "STATUS", "DURATION",
                "FRAMES", "PENDING", "DECISIONS", "COST", "INTEGRITY");
    }

    public String tableRow() {
        return String.format(Locale.ROOT, "%-36s %-12s %10s %9d %7d %9d %11s  %s", json.path("sessionId").asText(),
                json.path("status").asText(), duration(json.path("durationMs").asLong()), json.at("/frames/received").asLong(),
                json.at("/permissions/pending").size(), decisions(), String.format(Locale.ROOT, "$%.4f",
                        json.at("/usage/costUsd").asDouble()), verdict());
    }

    /** {@link #tableRow()} as JSON, for {@code sessions --json}: the same columns, typed. */
    public ObjectNode tableRowJson() {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("sessionId", json.path("sessionId").asText());
        row.put("status", json.path("status").asText());
        row.put("durationMs", json.path("durationMs").asLong());
        row.put("framesReceived", json.at("/frames/received").asLong());
        row.put("pending", json.at("/permissions/pending").size());
        row.put("decisions", decisions());
        row.put("costUsd", json.at("/usage/costUsd").asDouble());
        row.put("integrity", verdict());
        return row;
    }

    private long decisions() {
        long n = 0;
        for (JsonNode v : json.at("/permissions/outcomes")) {
            n += v.asLong();
        }
        return n;
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-12s %s%n", label, value));
    }

    private static String counts(JsonNode byName) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = byName.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(sb.length() == 0 ? "" : " · ").append(e.getKey()).append(' ').append(e.getValue().asLong());
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String duration(long ms) {
        return dev.blackbox.replay.transcript.Times.duration(ms * 1000);
    }

    /** Reports for several sessions (for tables). */
    public static List<StateReport> of(Path root, List<String> sessionIds, JournalVerifier.Options options) {
        return sessionIds.stream().map(id -> of(root, id, options)).toList();
    }
}
