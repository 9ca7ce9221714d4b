package dev.blackbox.audit;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalBusyException;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionJournal;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The journal root's own logs (JOURNAL.md "The audit logs"): the retention log ({@code SESSION_PRUNED}
 * tombstones) and the access log ({@code SESSION_READ}). Each is a journal like a session's, hash-chained,
 * sealed, signed and witnessed with the same options, under {@code <root>/.audit/<log>}: a directory name no
 * session id can have (ids never start with a dot), so no recording can collide with a log and no listing of
 * sessions shows one. Any process may append: each append opens the log, appends one entry, and seals and
 * closes it again, so that readers that record themselves (replays, consoles) never hold it for long; a
 * writer that finds it taken waits a little.
 */
public final class AuditLogs {

    /** The directory under the journal root that holds the logs. */
    public static final String DIR = ".audit";
    public static final String RETENTION = "retention";
    public static final String ACCESS = "access";
    static final List<String> ALL = List.of(RETENTION, ACCESS);

    /** How long an append waits for another process that holds the log (each holds it for one append). */
    static final long PATIENCE_MS = 3_000;
    private static final Object IN_THIS_JVM = new Object();

    private AuditLogs() {
    }

    /** The root the logs are journals under (each log is a "session" of it). */
    public static Path root(Path journalRoot) {
        return journalRoot.resolve(DIR);
    }

    /**
     * Each log that exists, verified from its files like any journal; named {@code .audit/<log>}. A log
     * that was never written is not listed (nothing was pruned, nobody read anything).
     */
    public static List<JournalVerifier.Result> verify(Path journalRoot, JournalVerifier.Options options) {
        List<JournalVerifier.Result> out = new ArrayList<>();
        for (String log : ALL) {
            if (JournalFiles.isJournalDirectory(root(journalRoot).resolve(log))) {
                out.add(named(JournalVerifier.verify(root(journalRoot), log, options)));
            }
        }
        return out;
    }

    /** One log's verdict, or null when it was never written. */
    static JournalVerifier.Result verify(Path journalRoot, String log) {
        if (!JournalFiles.isJournalDirectory(root(journalRoot).resolve(log))) {
            return null;
        }
        return named(JournalVerifier.verify(root(journalRoot), log));
    }

    private static JournalVerifier.Result named(JournalVerifier.Result r) {
        return new JournalVerifier.Result(DIR + "/" + r.sessionId(), r.status(), r.entries(), r.firstBadSeq(), r.problem(), r.detail());
    }

    /**
     * Appends one record to a log and seals it; returns its seq. Waits up to {@link #PATIENCE_MS} for another
     * writer of the log. Throws {@link JournalException} (one line) when it cannot be written.
     */
    static long append(Path journalRoot, String log, JournalOptions options, JournalRecord record) {
        long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        int attempt = 0;
        synchronized (IN_THIS_JVM) { // writers of this process take turns; other processes by the lock
            while (true) {
                try (SessionJournal journal = SessionJournal.open(root(journalRoot), log, options)) {
                    return journal.append(record);
                } catch (JournalBusyException busy) {
                    if (System.nanoTime() > deadline) {
                        throw new JournalException("the " + log + " log is held by another process"
                                + (busy.pid() > 0 ? " (pid " + busy.pid() + ")" : "") + " for more than "
                                + PATIENCE_MS / 1000 + " s");
                    }
                    pause(attempt++);
                }
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(100, 5L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for an audit log");
        }
    }

    /** An entry of a log with its record. */
    public record Logged<T extends JournalRecord>(long seq, long tsMicros, T record) {
    }

    /** Every record of one kind in a log, oldest first, that passes {@code keep}; empty when the log was never written. */
    static <T extends JournalRecord> List<Logged<T>> read(Path journalRoot, String log, EntryKind kind, Class<T> type,
                                                          Predicate<T> keep) {
        List<Logged<T>> out = new ArrayList<>();
        if (!JournalFiles.hasJournal(root(journalRoot).resolve(log))) {
            return out;
        }
        try (JournalReader reader = JournalReader.open(root(journalRoot), log)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() == kind) {
                    T record = JournalRecord.Codec.decode(e.payload(), type);
                    if (keep.test(record)) {
                        out.add(new Logged<>(e.seq(), e.tsMicros(), record));
                    }
                }
            }
        }
        return out;
    }

    /** This machine's name, as the logs record it (a lookup that fails gives "unknown"). */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown" : env;
        }
    }
}
