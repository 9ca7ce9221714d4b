package dev.blackbox.journal;

import java.nio.file.Path;
import java.security.PublicKey;

/**
 * Audits a journal from its files: every byte of every cycle file is accounted for (the excerpt framing,
 * Chronicle's own metadata, what follows the data), the sequence runs 1, 2, 3... across the cycle files,
 * every hash is recomputed, every checkpoint matches the chain (and, with a key, its signature), and
 * the witness agrees. A pure reader: files are opened read-only, never mapped, never locked for writing.
 *
 * <p>One verdict per journal ({@link Status}); the first thing wrong is named with its seq and file.
 */
public final class JournalVerifier {

    private JournalVerifier() {
    }

    /** The verdicts, from worst to best, with the exit status {@code blackbox verify} gives each. */
    public enum Status {
        /** Something that no crash leaves: an alteration, a removal, a file that does not belong. */
        TAMPERED("tampered", 1),
        /** The last write was interrupted; everything before it is intact. */
        TORN_TAIL("torn tail", 5),
        /** No seal and no writer: the recorder crashed or was killed, or the journal was cut at an entry. */
        UNSEALED("unsealed", 4),
        /** A recorder holds the journal and is writing it. */
        LIVE("live", 6),
        /** Ends with its seal; every entry intact. */
        SEALED("sealed, intact", 0);

        private final String word;
        private final int exitCode;

        Status(String word, int exitCode) {
            this.word = word;
            this.exitCode = exitCode;
        }

        public String word() {
            return word;
        }

        public int exitCode() {
            return exitCode;
        }

        /** The worse of two verdicts (for a list of journals). */
        public Status worst(Status other) {
            return other.ordinal() < ordinal() ? other : this;
        }
    }

    /** What a verifier is given besides the journal: the public key checkpoints must be signed with, a witness file. */
    public record Options(PublicKey key, Path witness) {
        public static Options none() {
            return new Options(null, null);
        }
    }

    /**
     * One journal's verdict.
     *
     * @param entries     entries verified intact (before the first bad one, if any)
     * @param firstBadSeq the first entry that is wrong (0 when nothing is, or nothing can be named)
     * @param problem     what is wrong, when tampered; else null
     * @param detail      the rest of the verdict line
     * @param head        hex SHA-256 of entry {@code entries}, the last one verified, as the walk of the files computed
     *                    it (null when tampered or empty): readers check that the entries the queue gives them end in it
     */
    public record Result(String sessionId, Status status, long entries, long firstBadSeq, String problem, String detail,
                         String head) {

        public Result(String sessionId, Status status, long entries, long firstBadSeq, String problem, String detail) {
            this(sessionId, status, entries, firstBadSeq, problem, detail, null);
        }

        Result withHead(String hex) {
            return new Result(sessionId, status, entries, firstBadSeq, problem, detail, hex);
        }

        /** True unless tampered: everything present is intact (it may still be unsealed, torn or live). */
        public boolean ok() {
            return status != Status.TAMPERED;
        }

        /** The verdict as one line: {@code SESSION: VERDICT: details}. */
        public String describe() {
            if (status == Status.TAMPERED) {
                return sessionId + ": tampered" + (firstBadSeq > 0 ? " at seq " + firstBadSeq : "") + ": " + problem
                        + " (" + entries + " entries verified before it)";
            }
            return sessionId + ": " + status.word() + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        }
    }

    public static Result verify(Path root, String sessionId) {
        return verify(root, sessionId, Options.none());
    }

    public static Result verify(Path root, String sessionId, Options options) {
        return new JournalAudit(JournalFiles.sessionDir(root, sessionId), sessionId, options).run();
    }
}
