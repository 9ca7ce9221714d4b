package dev.blackbox.replay.play;

import dev.blackbox.journal.HashChain;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.replay.remote.ChainCheck;


/**
 * A local journal's entries after the verifier has walked its files. The verifier reads the files byte by
 * byte; this source reads them through Chronicle's tailer, which also follows what no hash covers (the
 * store header, the index, {@code metadata.cq4t}, the roll marks). So the chain is recomputed here over
 * every entry, from entry 1, and tied to the verifier's walk: the entry at the verifier's last seq must
 * carry the hash the walk computed ({@code head}), and a journal that is not live must give that many
 * entries. A source that reads something else (a forged copy the index points at, days hidden by the
 * metadata) therefore fails instead of showing it as verified. Entries appended since the walk (a live
 * journal, {@code --follow}) are chained on from there. Unless tampering is allowed, the entries stop
 * before the first one that is not vouched for: the verifier's first bad entry, or one here that breaks
 * the chain or the tie, ends the source with a {@link JournalException} naming it (a transcript is then
 * closed properly and says so).
 */
public final class CheckedEntries implements Entries {

    private final Entries source;
    private final long trustedThrough;
    private final long firstBadSeq;
    private final String problem;
    private final boolean allowTampered;
    private final String head;
    private final boolean complete;
    private final boolean tornAfter;
    /** The chain recomputed over what the queue gives, from entry 1 (the same check a remote reader makes). */
    private ChainCheck chain;
    private long skipBelow;
    private long failedAt;
    private String failure;

    /**
     * @param trustedThrough the last seq the verifier vouched for (the entries verified before the first bad one)
     * @param firstBadSeq    the verifier's first bad entry (0 when none was found, or none can be named)
     * @param problem        what the verifier found wrong (null when nothing)
     * @param allowTampered  hand out everything anyway (the chain of new entries is still checked, and told)
     */
    public CheckedEntries(Entries source, long trustedThrough, long firstBadSeq, String problem, boolean allowTampered) {
        this(source, trustedThrough, firstBadSeq, problem, allowTampered, null, false, false);
    }

    /**
     * @param head      hex hash of entry {@code trustedThrough} as the verifier's walk computed it (null: no tie)
     * @param complete  the journal is not live: the source must give exactly its {@code trustedThrough} entries
     * @param tornAfter the verifier found an interrupted write after them: the source ends there, quietly
     */
    public CheckedEntries(Entries source, long trustedThrough, long firstBadSeq, String problem, boolean allowTampered,
                          String head, boolean complete, boolean tornAfter) {
        this.source = source;
        this.trustedThrough = trustedThrough;
        this.firstBadSeq = firstBadSeq;
        this.problem = problem;
        this.allowTampered = allowTampered;
        this.head = head;
        this.complete = complete;
        this.tornAfter = tornAfter;
        this.chain = new ChainCheck(source.sessionId());
    }

    @Override
    public String sessionId() {
        return source.sessionId();
    }

    @Override
    public JournalEntry next() {
        while (true) {
            JournalEntry e = source.next();
            if (e == null) {
                long read = chain.verified();
                if (complete && failure == null && problem == null && read < trustedThrough) {
                    fail(read + 1, "the queue ends after seq " + read + ", but the journal's files hold " + trustedThrough
                            + " verified entries: what only Chronicle reads (metadata.cq4t, a roll mark, the index) was altered"
                            + " to hide the rest");
                    if (!allowTampered) {
                        throw broken(failedAt, failure, read);
                    }
                }
                return null;
            }
            if (!allowTampered && problem != null && e.seq() > trustedThrough) {
                throw broken(firstBadSeq > 0 ? firstBadSeq : e.seq(), problem, trustedThrough);
            }
            if (complete && problem == null && e.seq() > trustedThrough) {
                if (tornAfter) {
                    return null; // the interrupted write the verifier found (its pages lost): not an entry
                }
                if (failure == null) {
                    fail(e.seq(), "the queue reads entries after seq " + trustedThrough + ", where the journal's verified files"
                            + " end: added where only Chronicle reads them, or since the journal was verified");
                }
                if (!allowTampered) {
                    throw broken(failedAt, failure, trustedThrough);
                }
            }
            check(e);
            if (!allowTampered && failure != null) {
                throw broken(failedAt, failure, failedAt - 1);
            }
            if (e.seq() >= skipBelow) {
                return e;
            }
        }
    }

    private JournalException broken(long seq, String why, long lastShown) {
        return new JournalException("the journal of session " + sessionId() + " is broken at seq " + seq + ": " + why
                + "; nothing after seq " + lastShown + " is shown");
    }

    /** Every entry's chain, from entry 1; the verifier's last entry must be the one its walk hashed. */
    private void check(JournalEntry e) {
        if (failure != null) {
            return;
        }
        if (!chain.accept(e)) {
            long at = chain.firstBadSeq();
            fail(at, chain.problem() + (at <= trustedThrough
                    ? " in what the queue reads, though the journal's files verified: what only Chronicle reads (the store"
                    + " header, the index, metadata.cq4t) was altered to show other entries"
                    : " (read after the journal was verified)"));
        } else if (e.seq() == trustedThrough && head != null && !head.equals(HashChain.hex(e.hash()))) {
            fail(e.seq(), "the queue reads another entry " + e.seq() + " than the journal's files hold (its hash is not the"
                    + " one verify computed): what only Chronicle reads (the store header, the index, metadata.cq4t) was"
                    + " altered to show other entries");
        }
    }

    private void fail(long seq, String why) {
        failedAt = seq;
        failure = why;
    }

    /** The first bad entry found here, among those appended after the verifier's walk (0: none). */
    public long failedAt() {
        return failedAt;
    }

    /** What was wrong with it, or null. */
    public String failure() {
        return failure;
    }

    @Override
    public long lastSeq() {
        return source.lastSeq();
    }

    /**
     * Reads from entry 1 whatever is asked for: the chain is recomputed from the genesis (a seek by the index
     * would trust the index); the entries before {@code fromSeq} are then skipped here.
     */
    @Override
    public void seek(long fromSeq) {
        source.seek(1);
        chain = new ChainCheck(source.sessionId()); // read again from entry 1, whatever was read before
        skipBelow = fromSeq;
    }

    @Override
    public void close() {
        source.close();
    }
}
