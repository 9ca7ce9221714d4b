package dev.blackbox.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The sessions recorded under a journal root. */
public final class JournalCatalog {

    private JournalCatalog() {
    }

    /** One recorded session: first and last entry timestamps (epoch µs) and the number of entries. */
    public record SessionSummary(String sessionId, long firstTsMicros, long lastTsMicros, long entries) {
    }

    /** Session ids with a journal (at least one cycle file) under the root, sorted. */
    public static List<String> sessionIds(Path root) {
        return list(root, JournalFiles::hasJournal);
    }

    /**
     * Session ids of every directory under the root that a journal left files in, or that is empty, sorted:
     * also those whose cycle files are gone, which an auditor must hear about (the verifier says what is left).
     */
    public static List<String> sessionDirs(Path root) {
        return list(root, JournalFiles::isJournalDirectory);
    }

    private static List<String> list(Path root, java.util.function.Predicate<Path> isJournal) {
        if (!Files.isDirectory(root)) {
            throw new JournalException("journal directory " + root + " does not exist; pass --journal DIR or record a session first");
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(SessionIds::isValid)
                    .filter(id -> isJournal.test(root.resolve(id)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new JournalException("cannot list journal directory " + root + ": " + e.getMessage(), e);
        }
    }

    public static List<SessionSummary> list(Path root) {
        List<SessionSummary> out = new ArrayList<>();
        for (String id : sessionIds(root)) {
            out.add(summarize(root, id));
        }
        return out;
    }

    public static SessionSummary summarize(Path root, String sessionId) {
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            JournalEntry first = reader.next();
            if (first == null) {
                return new SessionSummary(sessionId, 0, 0, 0);
            }
            JournalEntry last = reader.lastEntry();
            return new SessionSummary(sessionId, first.tsMicros(), last.tsMicros(), last.seq());
        }
    }
}
