package dev.blackbox.replay.play;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.JournalVerdicts;
import dev.blackbox.journal.JournalVerifier.Status;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.replay.remote.ChainCheck;
import dev.blackbox.replay.transcript.IntegrityLine;

import java.nio.file.Path;

/**
 * What a reader says about the journal it shows: a local journal is verified from its files first
 * ({@link JournalVerifier}, which walks every byte and recomputes every hash), then read through
 * {@link CheckedEntries}, which hands out only what the verifier vouched for (and checks the chain of what
 * was appended since). The verdict becomes the line transcripts show at their top ({@link #line()}):
 * {@code integrity verified: sealed, intact...}, {@code integrity unsealed: ...}, {@code integrity live: ...},
 * {@code integrity torn tail: ...}, or {@code integrity FAILED at seq N: what}.
 */
public final class JournalIntegrity {

    private final Path root;
    private final JournalVerifier.Result result;
    private CheckedEntries reading;

    private JournalIntegrity(Path root, JournalVerifier.Result result) {
        this.root = root;
        this.result = result;
    }

    /** Verifies the session's journal from its files (a pure read). */
    public static JournalIntegrity verify(Path root, String sessionId, JournalVerifier.Options options) {
        return new JournalIntegrity(root, JournalVerifier.verify(root, sessionId, options));
    }

    public JournalVerifier.Result result() {
        return result;
    }

    /**
     * The journal's entries, from the verified ones: with {@code allowTampered} false they end (with a
     * {@link dev.blackbox.journal.JournalException}) before the first entry that is not vouched for.
     */
    public Entries open(boolean allowTampered) {
        Entries source = Entries.of(JournalReader.open(root, result.sessionId()));
        reading = new CheckedEntries(source, result.entries(), result.firstBadSeq(), result.ok() ? null : result.problem(),
                allowTampered);
        return reading;
    }

    /** True when the journal is not intact: the verifier said tampered, or an entry read since broke the chain. */
    public boolean failed() {
        return !result.ok() || (reading != null && reading.failure() != null);
    }

    /** The last seq a reader without {@code allowTampered} hands out: the last one vouched for. */
    public long lastVouched() {
        return reading != null && reading.failure() != null ? reading.failedAt() - 1 : result.entries();
    }

    /** The verdict word: sealed, live, unsealed, torn tail, tampered. */
    public String word() {
        return failed() ? JournalVerdicts.word(Status.TAMPERED) : JournalVerdicts.word(result.status());
    }

    /** The line to show; it changes only if an entry read after the verifier's walk breaks the chain. */
    public IntegrityLine line() {
        if (reading != null && reading.failure() != null && result.ok()) {
            return IntegrityLine.failed("integrity FAILED at seq " + reading.failedAt() + ": " + reading.failure());
        }
        return line(result);
    }

    /** The line for a verifier's verdict. */
    public static IntegrityLine line(JournalVerifier.Result r) {
        return switch (r.status()) {
            case SEALED -> IntegrityLine.verified("integrity verified: " + JournalVerdicts.line(r));
            case TAMPERED -> IntegrityLine.failed("integrity FAILED" + (r.firstBadSeq() > 0 ? " at seq " + r.firstBadSeq() : "")
                    + ": " + r.problem() + " (" + r.entries() + " entries verified before it)");
            default -> IntegrityLine.warning("integrity " + JournalVerdicts.line(r));
        };
    }

    /** True for a journal's seal: a CHECKPOINT that says so. */
    public static boolean isSeal(JournalEntry e) {
        if (e == null || e.kind() != EntryKind.CHECKPOINT) {
            return false;
        }
        try {
            return JournalRecord.Codec.decode(e.payload(), JournalRecord.Checkpoint.class).seal();
        } catch (JournalException unreadable) {
            return false;
        }
    }

    /** The line for a journal read from another node, its chain recomputed here over what was received. */
    public static IntegrityLine line(ChainCheck chain, String host) {
        return chain.ok()
                ? IntegrityLine.verified("integrity verified: " + chain.verified() + " entries, hash chain recomputed here from what host "
                        + host + " sent")
                : IntegrityLine.failed("integrity FAILED at seq " + chain.firstBadSeq() + ": " + chain.problem() + " ("
                        + chain.verified() + " entries verified before it, received from host " + host + ")");
    }
}
