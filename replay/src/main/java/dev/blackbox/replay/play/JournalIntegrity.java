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
    /** The queue read once against the verifier's walk before a verified transcript is shown (null: not done). */
    private Tie tie;

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
        boolean complete = result.status() != Status.LIVE;
        if (!allowTampered && complete && result.ok() && tie == null) {
            tie = tie(); // before anything is shown: a transcript cannot take back what it printed
        }
        Entries source = Entries.of(JournalReader.open(root, result.sessionId()));
        reading = tieFailed()
                ? new CheckedEntries(source, 0, tie.failedAt(), tie.failure(), false)
                : new CheckedEntries(source, result.entries(), result.firstBadSeq(), result.ok() ? null : result.problem(),
                allowTampered, result.head(), complete, result.status() == Status.TORN_TAIL);
        return reading;
    }

    /** The queue read once against the verifier's walk: where it first disagrees (seq 0 and null: it agrees). */
    private record Tie(long failedAt, String failure) {
    }

    /** Reads the whole journal through the queue once, checking it against the verifier's walk; shows nothing. */
    private Tie tie() {
        try (CheckedEntries check = new CheckedEntries(Entries.of(JournalReader.open(root, result.sessionId())), result.entries(),
                result.firstBadSeq(), null, true, result.head(), true, result.status() == Status.TORN_TAIL)) {
            while (check.next() != null) {
                // only the chain and the tie matter here
            }
            return new Tie(check.failedAt(), check.failure());
        } catch (JournalException unreadable) {
            return new Tie(1, "the queue cannot be read as the journal's files verified: " + unreadable.getMessage());
        }
    }

    /** True when the journal is not intact: the verifier said tampered, or an entry read since broke the chain. */
    public boolean failed() {
        return !result.ok() || tieFailed() || (reading != null && reading.failure() != null);
    }

    private boolean tieFailed() {
        return tie != null && tie.failure() != null;
    }

    /** The last seq a reader without {@code allowTampered} hands out: the last one vouched for. */
    public long lastVouched() {
        if (tieFailed()) {
            return 0;
        }
        return reading != null && reading.failure() != null ? reading.failedAt() - 1 : result.entries();
    }

    /** Where the queue first read otherwise than the verified files (0: nowhere, or not read yet). */
    public long failedAt() {
        if (tieFailed()) {
            return tie.failedAt();
        }
        return reading != null && reading.failure() != null ? reading.failedAt() : 0;
    }

    /** What it read otherwise, or null. */
    public String failure() {
        if (tieFailed()) {
            return tie.failure();
        }
        return reading == null ? null : reading.failure();
    }

    /** The verdict word: sealed, live, unsealed, torn tail, tampered. */
    public String word() {
        return failed() ? JournalVerdicts.word(Status.TAMPERED) : JournalVerdicts.word(result.status());
    }

    /** The line to show; it changes only if an entry read after the verifier's walk breaks the chain. */
    public IntegrityLine line() {
        if (tieFailed()) {
            return IntegrityLine.failed("integrity FAILED at seq " + tie.failedAt() + ": " + tie.failure()
                    + "; nothing is shown as verified");
        }
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
