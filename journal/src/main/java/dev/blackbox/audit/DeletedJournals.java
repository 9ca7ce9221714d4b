package dev.blackbox.audit;

import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.journal.Witness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Journals deleted whole: a session the witness holds checkpoints of, with no journal under the root and
 * no tombstone in the retention log written after its last witnessed checkpoint. Without a witness
 * nothing can tell such a session ever existed; with one, {@code verify} calls it tampered.
 */
public final class DeletedJournals {

    private DeletedJournals() {
    }

    /** Every session of the witness deleted from under the root without a tombstone, as a tampered verdict. */
    public static List<JournalVerifier.Result> find(Path root, Path witness) {
        List<JournalVerifier.Result> gone = new ArrayList<>();
        for (Map.Entry<String, List<JournalRecord.Checkpoint>> e : Witness.readAll(witness).entrySet()) {
            verdict(root, e.getKey(), e.getValue()).ifPresent(gone::add);
        }
        return gone;
    }

    /** The verdict for one session if the witness holds it and its journal was deleted without a tombstone. */
    public static Optional<JournalVerifier.Result> check(Path root, Path witness, String sessionId) {
        return verdict(root, sessionId, Witness.readAll(witness).getOrDefault(sessionId, List.of()));
    }

    private static Optional<JournalVerifier.Result> verdict(Path root, String sessionId, List<JournalRecord.Checkpoint> witnessed) {
        if (witnessed.isEmpty() || !SessionIds.isValid(sessionId)
                || JournalFiles.isJournalDirectory(JournalFiles.sessionDir(root, sessionId))) {
            return Optional.empty(); // nothing witnessed, or the journal is there for verify to judge
        }
        JournalRecord.Checkpoint last = witnessed.get(witnessed.size() - 1);
        Optional<AuditLogs.Logged<JournalRecord.SessionPruned>> tombstone = RetentionLog.latest(root, sessionId);
        if (tombstone.isPresent() && tombstone.get().tsMicros() >= last.ts()) {
            return Optional.empty(); // pruned, and the retention log says so (verify --all checks that log)
        }
        String why = "the journal is gone: the witness holds " + witnessed.size()
                + (witnessed.size() == 1 ? " checkpoint" : " checkpoints") + " of it, the last for seq " + last.seq()
                + (tombstone.isPresent() ? ", after the retention log's tombstone for it" : ", and the retention log has no tombstone for it");
        return Optional.of(new JournalVerifier.Result(sessionId, JournalVerifier.Status.TAMPERED, 0, 1, why, null));
    }
}
