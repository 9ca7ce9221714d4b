package dev.blackbox.bus;

import dev.blackbox.journal.SessionIds;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every event-bus address Blackbox uses, defined once: the Java side uses the constants, the console's
 * bridge rules are built from them and the web page receives them as the generated {@link #javaScript()}
 * module. Dotted nouns; bodies are always JSON objects (never Java serialization). DESIGN.md section 3
 * is the contract for the permission addresses.
 */
public final class Addresses {

    private Addresses() {
    }

    /** publish: a can_use_tool request arrived (session id, request id, tool, input, suggestions, received at). */
    public static final String PERMISSIONS_REQUESTED = "blackbox.permissions.requested";
    /** publish: a request was decided (session id, request id, behavior, decided by, via, journal seq). */
    public static final String PERMISSIONS_RESOLVED = "blackbox.permissions.resolved";
    /** publish: the session withdrew a pending request (session id, request id, tool use id). */
    public static final String PERMISSIONS_CANCELLED = "blackbox.permissions.cancelled";
    /**
     * request/reply: every pending request of every recorder node of the fleet, optionally of one session
     * ({sessionId?, timeoutMs?} -> {pending, unanswered: nodes that did not reply in time, lost: sessions whose
     * recorder left the cluster, nodes}); each request names the node and host that records it.
     */
    public static final String PERMISSIONS_PENDING = "blackbox.permissions.pending";
    /** request/reply: which recorded session a request id belongs to ({requestId} -> {sessionId, node, host}), fleet-wide. */
    public static final String PERMISSIONS_LOCATE = "blackbox.permissions.locate";
    /** request/reply: every session the fleet knows ({} -> {sessions: [{sessionId, node, host, state, ...}], nodes, self}). */
    public static final String FLEET_SESSIONS = "blackbox.fleet.sessions";

    /**
     * publish: a recorded session's connection changed (session id, status connecting / connected /
     * reconnecting / disconnected, attempt, delay, close code, reason, cause, at: epoch ms).
     */
    public static final String CONNECTION_CHANGED = "blackbox.connection.changed";

    /** request/reply: state of one session (body: sessionId). */
    public static final String STATE_GET = "blackbox.state.get";
    /** request/reply: summaries of every session the projection knows. */
    public static final String SESSIONS_LIST = "blackbox.sessions.list";
    /** publish: a session's state changed (body: the new state summary). */
    public static final String STATE_CHANGED = "blackbox.state.changed";

    /**
     * publish: every journal checkpoint as it is written (the CHECKPOINT payload: session, run, seq, head, ts,
     * keyId, sig, seal), so a witness on another host can keep them (JOURNAL.md "Signed checkpoints").
     */
    public static final String JOURNAL_CHECKPOINTS = "blackbox.journal.checkpoints";


    /** request/reply: a session's transcript so far, rendered as {@code replay} renders it (the console's page). */
    public static final String CONSOLE_HISTORY = "blackbox.console.history";
    /** request/reply: who the page is logged in as; the bridge stamps the answer, the page cannot choose it. */
    public static final String CONSOLE_WHOAMI = "blackbox.console.whoami";

    /** request/reply: always fails (413, why); where the console's bridge redirects a message it cannot let through. */
    public static final String CONSOLE_REFUSED = "blackbox.console.refused";

    private static final String SESSION = "blackbox.session.";

    /** request/reply: decide a pending permission request of this session. */
    public static String decide(String sessionId) {
        return SESSION + sessionId + ".decide";
    }

    /** request/reply: send a user message to this session. */
    public static String send(String sessionId) {
        return SESSION + sessionId + ".send";
    }

    /** request/reply: interrupt the current turn of this session. */
    public static String interrupt(String sessionId) {
        return SESSION + sessionId + ".interrupt";
    }

    /** request/reply: the pending requests of this session. */
    public static String sessionPending(String sessionId) {
        return SESSION + sessionId + ".pending";
    }

    /** request/reply: whether this session knows a request id, pending or ended ({requestId} -> {known}). */
    public static String knows(String sessionId) {
        return SESSION + sessionId + ".knows";
    }

    /** request/reply: the recorder's live status of this session (connection, frames, pending, held). */
    public static String status(String sessionId) {
        return SESSION + sessionId + ".status";
    }

    /** request/reply: close and reopen this session's connection now (what the watchdog does). */
    public static String reconnect(String sessionId) {
        return SESSION + sessionId + ".reconnect";
    }

    private static final String NODE = "blackbox.node.";

    /**
     * request/reply, cluster members only (never bridged to a browser): a page of a journal held by this
     * node ({sessionId, fromSeq, maxEntries?, maxBytes?, waitMs?} -> {entries: [{seq, ts, kind, payload,
     * hash}] with payload and hash in base64, nextSeq, lastSeq, stopped}); the reader asks for each next page.
     */
    public static String nodeJournal(String nodeId) {
        return NODE + nodeId + ".journal";
    }

    /** request/reply: the pending requests of the sessions recorded by one node ({sessionId?} -> {pending, unanswered}). */
    public static String nodePending(String nodeId) {
        return NODE + nodeId + ".pending";
    }

    /** request/reply: which session recorded by one node knows a request id ({requestId} -> {sessionId}, else 404). */
    public static String nodeLocate(String nodeId) {
        return NODE + nodeId + ".locate";
    }

    /** publish: every journal entry of this session as it is recorded (live frames for viewers). */
    public static String frames(String sessionId) {
        return SESSION + sessionId + ".frames";
    }

    /** publish: a recording re-published at its recorded pace by the ReplayVerticle. */
    public static String replay(String sessionId) {
        return "blackbox.replay." + sessionId;
    }

    /** A regex for {@code blackbox.session.<id>.<one of actions>}: group 1 the session id, group 2 the action. */
    public static String sessionAddressRegex(String... actions) {
        return "blackbox\\.session\\.(" + SessionIds.PATTERN + ")\\.(" + String.join("|", actions) + ")";
    }

    /** The addresses the console's page uses, by the name the page knows them under. */
    public static Map<String, String> forThePage() {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("PERMISSIONS_REQUESTED", PERMISSIONS_REQUESTED);
        fixed.put("PERMISSIONS_RESOLVED", PERMISSIONS_RESOLVED);
        fixed.put("PERMISSIONS_CANCELLED", PERMISSIONS_CANCELLED);
        fixed.put("PERMISSIONS_PENDING", PERMISSIONS_PENDING);
        fixed.put("SESSIONS_LIST", SESSIONS_LIST);
        fixed.put("STATE_CHANGED", STATE_CHANGED);
        fixed.put("HISTORY", CONSOLE_HISTORY);
        fixed.put("WHOAMI", CONSOLE_WHOAMI);
        return fixed;
    }

    /** The per-session addresses the page uses, by function name. */
    public static Map<String, Function<String, String>> perSessionForThePage() {
        Map<String, Function<String, String>> bySession = new LinkedHashMap<>();
        bySession.put("decide", Addresses::decide);
        bySession.put("send", Addresses::send);
        bySession.put("interrupt", Addresses::interrupt);
        bySession.put("frames", Addresses::frames);
        return bySession;
    }

    /** The page's {@code addresses.js} ES module, generated from the constants above (the console serves it). */
    public static String javaScript() {
        StringBuilder js = new StringBuilder("// Generated from dev.blackbox.bus.Addresses: the one definition of every address.\n");
        forThePage().forEach((name, address) -> js.append("export const ").append(name).append(" = '")
                .append(address).append("';\n"));
        js.append('\n');
        String marker = "SESSION_ID";
        perSessionForThePage().forEach((name, f) -> {
            String[] parts = f.apply(marker).split(marker, -1);
            js.append("export const ").append(name).append(" = (sessionId) => `").append(parts[0])
                    .append("${sessionId}").append(parts[1]).append("`;\n");
        });
        return js.toString();
    }
}
