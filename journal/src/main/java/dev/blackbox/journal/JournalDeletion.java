package dev.blackbox.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes one session's journal directory, holding its writer lock throughout: a journal a recorder is
 * writing cannot be taken ({@link JournalBusyException}), and no recorder can start on it while it is
 * being deleted. Take it, read what the tombstone needs, journal the tombstone, then {@link #delete()}.
 */
public final class JournalDeletion implements AutoCloseable {

    private final Path dir;
    private final WriterLock lock;
    private boolean deleted;

    private JournalDeletion(Path dir, WriterLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /** Takes the journal's writer lock; refused with {@link JournalBusyException} while a writer holds it. */
    public static JournalDeletion lock(Path root, String sessionId) {
        Path dir = JournalFiles.sessionDir(root, sessionId);
        if (!Files.isDirectory(dir)) {
            throw new JournalException("no journal directory for session " + sessionId + " under " + root);
        }
        return new JournalDeletion(dir, WriterLock.acquire(dir, sessionId));
    }

    /** Deletes every file of the journal, the lock file last, then the directory. */
    public void delete() {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            Path lockFile = dir.resolve(WriterLock.FILE);
            for (Path p : paths) {
                if (!p.equals(lockFile) && !p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(lockFile);
            Files.deleteIfExists(dir);
            deleted = true;
        } catch (IOException e) {
            throw new JournalException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    public boolean deleted() {
        return deleted;
    }

    @Override
    public void close() {
        lock.close();
    }
}
