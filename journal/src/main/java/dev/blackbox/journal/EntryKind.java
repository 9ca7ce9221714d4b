package dev.blackbox.journal;

/**
 * What a journal entry records. The one-byte {@link #code()} is what is stored on disk and hashed;
 * codes are part of the journal format (JOURNAL.md) and never change meaning once assigned.
 */
public enum EntryKind {
    RECORDING_STARTED(1),
    CONNECTING(2),
    CONNECTED(3),
    RECONNECTING(4),
    DISCONNECTED(5),
    CONNECTION_ERROR(6),
    /** The exact text of a frame the session sent us, byte for byte, even when it is not JSON. */
    FRAME_RECEIVED(7),
    /** The exact text of a frame we wrote to the session. */
    FRAME_SENT(8),
    MESSAGE_POSTED(9),
    PERMISSION_DECIDED(10),
    DECISION_REFUSED(11),
    RECORDING_STOPPED(12),
    /** A binary WebSocket frame, stored as its raw bytes; the protocol only uses text frames, so it is flagged. */
    FRAME_RECEIVED_BINARY(13),
    /** Someone asked for an interrupt; the frame itself follows as FRAME_SENT (or SEND_FAILED). */
    INTERRUPT_REQUESTED(14),
    /** A frame that was meant for the session could not be delivered (never silently dropped). */
    SEND_FAILED(15),
    /**
     * The journal's own attestation of its head: seq and hash of the entry before it, signed when a
     * signing key is configured. Written periodically and as the seal, after RECORDING_STOPPED.
     */
    CHECKPOINT(16),
    /** A writer reopened a journal that was not sealed (a crash) and says what it found and discarded. */
    RECORDING_RESUMED(17),
    /** A line a local worker wrote to its stderr (stdio sessions); its exit follows as WORKER_EXITED. */
    WORKER_STDERR(18),
    /** A local worker process ended: its exit code, or the signal that ended it. */
    WORKER_EXITED(19),
    /**
     * An event fetched from the session's history endpoint that the connection never delivered: the
     * history's bytes, verbatim (codes 16-19 are other kinds).
     */
    FRAME_BACKFILLED(20),
    /** A session-scoped permission rule made by a decision ("allow for the rest of this session"), and who made it. */
    POLICY_RULE_ADDED(21),
    /**
     * A tombstone in the retention log (JOURNAL.md "The audit logs"): a session's journal was pruned, with its
     * time range, entry count, final hash, its verdict at the time, who pruned it and why.
     */
    SESSION_PRUNED(22),
    /** An entry of the access log: someone replayed, exported or viewed a session (who, from where, how, what range). */
    SESSION_READ(23);

    private static final EntryKind[] BY_CODE = new EntryKind[256];

    static {
        for (EntryKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;

    EntryKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind for a stored code, or null when the code is not one this version knows. */
    public static EntryKind fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** True for the kinds whose payload is a session frame verbatim rather than a JSON record of ours. */
    public boolean isFrame() {
        return this == FRAME_RECEIVED || this == FRAME_SENT || this == FRAME_RECEIVED_BINARY || this == FRAME_BACKFILLED;
    }
}
