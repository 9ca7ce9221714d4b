package dev.blackbox.replay.remote;

import dev.blackbox.journal.HashChain;
import dev.blackbox.journal.JournalEntry;

import java.security.MessageDigest;

/**
 * Recomputes a session's hash chain over entries as they arrive (JOURNAL.md "The hash chain"),
 * from the genesis: seq must run 1, 2, 3... and every hash must be the one computed from the
 * previous hash and the entry's seq, ts, kind and payload. A reader of a journal on another host
 * trusts nothing it did not recompute. Stops judging at the first bad entry and names it.
 */
public final class ChainCheck {

    private final String sessionId;
    private final HashChain chain = new HashChain();
    private byte[] prev;
    private long expected = 1;
    private long firstBadSeq;
    private String problem;

    public ChainCheck(String sessionId) {
        this.sessionId = sessionId;
        this.prev = HashChain.genesis(sessionId);
    }

    /** Checks the next entry; false once the chain is broken (at this entry or before). */
    public boolean accept(JournalEntry e) {
        if (problem != null) {
            return false;
        }
        if (e.seq() != expected) {
            return fail(expected, "seq gap: expected seq " + expected + " but received " + e.seq());
        }
        byte[] h = chain.next(prev, e.seq(), e.tsMicros(), e.kind().code(), e.payload());
        if (!MessageDigest.isEqual(h, e.hash())) {
            return fail(e.seq(), "hash mismatch: the entry or one before it was altered");
        }
        prev = h;
        expected++;
        return true;
    }

    private boolean fail(long seq, String why) {
        firstBadSeq = seq;
        problem = why;
        return false;
    }

    public String sessionId() {
        return sessionId;
    }

    public boolean ok() {
        return problem == null;
    }

    /** Entries verified before the first bad one (all of them when intact). */
    public long verified() {
        return expected - 1;
    }

    public long firstBadSeq() {
        return firstBadSeq;
    }

    public String problem() {
        return problem;
    }

    public String describe() {
        return ok() ? sessionId + ": OK, " + verified() + " entries, hash chain intact (recomputed from what was received)"
                : sessionId + ": FAILED at seq " + firstBadSeq + ": " + problem + " (" + verified() + " entries verified before it)";
    }
}
