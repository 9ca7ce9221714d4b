package dev.blackbox.replay.play;

import dev.blackbox.journal.HashChain;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;

import java.security.MessageDigest;

/**
 * A local journal's entries after the verifier has walked its files: entries up to {@code trustedThrough}
 * are the ones it vouched for and pass as they are (their hashes are not computed a second time); entries
 * appended since (a live journal, {@code --follow}) have their chain recomputed here, from the last trusted
 * hash, as they are read. Unless tampering is allowed, the entries stop before the first one that is not
 * vouched for: the verifier's first bad entry, or one here whose hash is wrong, ends the source with a
 * {@link JournalException} naming it (a transcript is then closed properly and says so).
 */
public final class CheckedEntries implements Entries {

    private final Entries source;
    private final long trustedThrough;
    private final long firstBadSeq;
    private final String problem;
    private final boolean allowTampered;
    private final HashChain chain = new HashChain();
    private byte[] prevHash;
    private long prevSeq;
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
        this.source = source;
        this.trustedThrough = trustedThrough;
        this.firstBadSeq = firstBadSeq;
        this.problem = problem;
        this.allowTampered = allowTampered;
        this.prevHash = HashChain.genesis(source.sessionId());
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
                return null;
            }
            if (!allowTampered && problem != null && e.seq() > trustedThrough) {
                throw broken(firstBadSeq > 0 ? firstBadSeq : e.seq(), problem, trustedThrough);
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

    /** Trusted entries only set the chain's head; later ones are recomputed from it. */
    private void check(JournalEntry e) {
        if (e.seq() > trustedThrough && failure == null) {
            if (e.seq() != prevSeq + 1) {
                fail(prevSeq + 1, "seq gap: expected seq " + (prevSeq + 1) + " but read " + e.seq());
            } else if (!MessageDigest.isEqual(chain.next(prevHash, e.seq(), e.tsMicros(), e.kind().code(), e.payload()), e.hash())) {
                fail(e.seq(), "hash mismatch: the entry or one before it was altered (read after the journal was verified)");
            }
        }
        prevHash = e.hash();
        prevSeq = e.seq();
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
     * Reads from the last trusted entry at the latest, so that the chain of any later entry can be recomputed;
     * the entries before {@code fromSeq} are then skipped here.
     */
    @Override
    public void seek(long fromSeq) {
        long target = trustedThrough >= 1 ? Math.min(fromSeq, trustedThrough) : 1;
        source.seek(target);
        skipBelow = fromSeq;
    }

    @Override
    public void close() {
        source.close();
    }
}
