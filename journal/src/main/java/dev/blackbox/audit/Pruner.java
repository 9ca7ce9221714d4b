package dev.blackbox.audit;

import dev.blackbox.journal.HashChain;
import dev.blackbox.journal.JournalBusyException;
import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.journal.JournalDeletion;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.journal.JournalVerdicts;
import dev.blackbox.journal.JournalVerifier.Status;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionIds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Retention: deletes old journals, never silently. Each journal is verified first; one a recorder is writing
 * is never pruned, and one that is not sealed and intact (unsealed, torn tail, tampered) only with
 * {@code force}. A tombstone (what the journal was, its verdict, who pruned it and why) is journaled in the
 * {@link RetentionLog} before a single file is deleted, and the journal's writer lock is held from before
 * the tombstone until the files are gone, so no recorder can write into it meanwhile. When the tombstone
 * cannot be written, nothing is deleted.
 */
public final class Pruner {

    /**
     * Which journals: those whose last entry is older than {@code olderThan} (null: any age) among
     * {@code sessions} (empty: every session under the root); {@code reason} is journaled as why.
     */
    public record Rule(Duration olderThan, Set<String> sessions, String reason) {
        public Rule {
            sessions = Set.copyOf(sessions);
            if (olderThan == null && sessions.isEmpty()) {
                throw new IllegalArgumentException("a retention rule needs an age or sessions by name");
            }
        }
    }

    /**
     * How: {@code dryRun} says what would be pruned and deletes nothing; {@code force} also prunes journals
     * that are not sealed and intact; {@code by}/{@code host} are journaled as who pruned.
     */
    public record Settings(boolean dryRun, boolean force, String by, String host, long nowMicros,
                           JournalVerifier.Options verify, JournalOptions logOptions) {
    }

    public enum Action {
        /** Tombstone journaled, files deleted. */
        PRUNED,
        /** A dry run: it would have been pruned. */
        WOULD_PRUNE,
        /** Not old enough. */
        KEPT,
        /** Not pruned, and why (live, not sealed without force, not there). */
        REFUSED,
        /** Something went wrong on the way (the tombstone could not be written, the files could not be deleted). */
        FAILED
    }

    /** What happened to one session, and why in one line; {@code tombstone} when one was (or would be) journaled. */
    public record Outcome(String sessionId, Action action, String why, SessionPruned tombstone) {
    }

    private Pruner() {
    }

    public static List<Outcome> prune(Path root, Rule rule, Settings settings) {
        List<String> ids = rule.sessions().isEmpty() ? JournalCatalog.sessionDirs(root)
                : rule.sessions().stream().sorted().toList();
        List<Outcome> out = new ArrayList<>();
        for (String id : ids) {
            out.add(pruneOne(root, id, rule, settings));
        }
        return out;
    }

    private static Outcome pruneOne(Path root, String id, Rule rule, Settings s) {
        if (!SessionIds.isValid(id) || !JournalFiles.isJournalDirectory(root.resolve(id))) {
            return RetentionLog.latest(root, id)
                    .map(t -> new Outcome(id, Action.REFUSED, "already pruned " + Instant.ofEpochSecond(0, t.tsMicros() * 1000)
                            + " by " + t.record().prunedBy() + "@" + t.record().host(), null))
                    .orElse(new Outcome(id, Action.REFUSED, "no journal for session " + id + " under " + root, null));
        }
        Facts facts = Facts.read(root, id);
        if (rule.olderThan() != null) {
            long age = s.nowMicros() - facts.lastActivityMicros();
            if (age < rule.olderThan().toNanos() / 1000) {
                return new Outcome(id, Action.KEPT, "newer than " + Age.describe(rule.olderThan()) + ": last entry "
                        + Instant.ofEpochSecond(0, facts.lastActivityMicros() * 1000), null);
            }
        }
        JournalVerifier.Result verdict = JournalVerifier.verify(root, id, s.verify());
        String refusal = refusal(verdict, s.force());
        if (refusal != null) {
            return new Outcome(id, Action.REFUSED, refusal, null);
        }
        SessionPruned tombstone = facts.tombstone(verdict, rule.reason(), s, verdict.status() != Status.SEALED);
        if (s.dryRun()) {
            return new Outcome(id, Action.WOULD_PRUNE, rule.reason(), tombstone);
        }
        try (JournalDeletion deletion = JournalDeletion.lock(root, id)) {
            Facts now = Facts.read(root, id); // under the lock: what is deleted is what the tombstone says
            if (now.lastSeq() != facts.lastSeq()) {
                return new Outcome(id, Action.REFUSED, "it changed while being pruned (seq " + facts.lastSeq() + " then "
                        + now.lastSeq() + "); run prune again", null);
            }
            try {
                RetentionLog.write(root, s.logOptions(), tombstone);
            } catch (JournalException e) {
                return new Outcome(id, Action.FAILED, "not pruned: the retention log cannot be written: " + e.getMessage(), null);
            }
            try {
                deletion.delete();
            } catch (JournalException e) {
                return new Outcome(id, Action.FAILED, "tombstone written, but " + e.getMessage(), tombstone);
            }
            return new Outcome(id, Action.PRUNED, rule.reason(), tombstone);
        } catch (JournalBusyException live) {
            return new Outcome(id, Action.REFUSED, "live: a recorder started writing it" + (live.pid() > 0 ? " (pid " + live.pid() + ")" : ""), null);
        }
    }

    /** Why a journal with this verdict is not pruned, or null when it may be. */
    static String refusal(JournalVerifier.Result v, boolean force) {
        return switch (v.status()) {
            case SEALED -> null;
            // the writer lock keeps it, and a tombstone of a journal still growing would not say what was deleted
            case LIVE -> "live: a recorder is writing it (" + v.detail() + "); a live journal is never pruned, even with --force: "
                    + "stop its recorder first";
            case UNSEALED -> force ? null : "unsealed: its recorder stopped without sealing it (a crash or kill -9); --force prunes it anyway";
            case TORN_TAIL -> force ? null : "torn tail: its last write was interrupted; --force prunes it anyway";
            case TAMPERED -> force ? null : "tampered" + (v.firstBadSeq() > 0 ? " at seq " + v.firstBadSeq() : "") + ": " + v.problem()
                    + "; keep it as evidence, or --force prunes it anyway";
        };
    }

    /** What the tombstone says of a journal, read from its entries (null times and hashes when none can be read). */
    private record Facts(Long firstTs, Long lastTs, long lastSeq, String head, String run, long dirModifiedMicros) {

        static Facts read(Path root, String id) {
            long modified = modifiedMicros(root.resolve(id));
            if (!JournalFiles.hasJournal(root.resolve(id))) {
                return new Facts(null, null, 0, null, null, modified);
            }
            try (JournalReader reader = JournalReader.open(root, id)) {
                JournalEntry first = reader.next();
                JournalEntry last = reader.lastEntry();
                if (first == null || last == null) {
                    return new Facts(null, null, 0, null, null, modified);
                }
                return new Facts(first.tsMicros(), last.tsMicros(), last.seq(), HashChain.hex(last.hash()), HashChain.hex(first.hash()),
                        modified);
            } catch (JournalException | IllegalStateException unreadable) {
                return new Facts(null, null, 0, null, null, modified);
            }
        }

        /** The last entry's time, or when the directory last changed if no entry can be read. */
        long lastActivityMicros() {
            return lastTs != null ? lastTs : dirModifiedMicros;
        }

        SessionPruned tombstone(JournalVerifier.Result v, String reason, Settings s, boolean forced) {
            return new SessionPruned(v.sessionId(), firstTs, lastTs, lastSeq, head, run, JournalVerdicts.word(v.status()), JournalVerdicts.line(v),
                    s.by(), s.host(), reason, forced);
        }

        private static long modifiedMicros(Path dir) {
            try {
                return Files.getLastModifiedTime(dir).toMillis() * 1000;
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
