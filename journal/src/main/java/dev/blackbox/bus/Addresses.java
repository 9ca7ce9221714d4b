package dev.blackbox.bus;

/**
 * Every event-bus address Blackbox uses, defined once. Dotted nouns; bodies are always JSON objects
 * (never Java serialization). DESIGN.md section 3 is the contract for the permission addresses.
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
    /** request/reply: every pending request, optionally for one session. */
    public static final String PERMISSIONS_PENDING = "blackbox.permissions.pending";

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

    /** request/reply: decide a pending permission request of this session. */
    public static String decide(String sessionId) {
        return "blackbox.session." + sessionId + ".decide";
    }

    /** request/reply: POST a user message to this session. */
    public static String send(String sessionId) {
        return "blackbox.session." + sessionId + ".send";
    }

    /** request/reply: interrupt the current turn of this session. */
    public static String interrupt(String sessionId) {
        return "blackbox.session." + sessionId + ".interrupt";
    }

    /** publish: every journal entry of this session as it is recorded (live frames for viewers). */
    public static String frames(String sessionId) {
        return "blackbox.session." + sessionId + ".frames";
    }

    /** publish: a recording re-published at its recorded pace by the ReplayVerticle. */
    public static String replay(String sessionId) {
        return "blackbox.replay." + sessionId;
    }
}
