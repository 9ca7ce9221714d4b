package dev.blackbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code writer.lock}: an OS file lock held by the one writer of a session, with its pid inside.
 *
 * <p>POSIX drops every lock a process holds on a file when the process closes <em>any</em> descriptor of
 * that file, so nobody in this JVM may open the lock file of a journal this JVM writes: the locks held
 * here are kept in a set and checked first, by writers and readers alike.
 *
 * <p>A verifier in another process tells a live journal by trying a shared lock and dropping it at once; a
 * writer that tries to take the lock in that instant is refused by the OS, so it tries again for a moment
 * ({@link #PROBE_GRACE_MS}) before it takes the refusal to mean another writer.
 */
final class WriterLock implements AutoCloseable {

    static final String FILE = "writer.lock";
    /** How long a refused writer keeps trying: a verifier's probe holds its shared lock for microseconds. */
    static final long PROBE_GRACE_MS = 1000;
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    /** Who holds a journal's lock: nobody (pid 0, not held), or a live writer and its pid (-1 if unknown). */
    record Holder(boolean held, long pid) {
        static final Holder NOBODY = new Holder(false, 0);
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the journal in {@code dir} or says who has it. */
    static WriterLock acquire(Path dir, String sessionId) {
        synchronized (HELD_HERE) {
            return lock(key(dir), sessionId);
        }
    }

    private static WriterLock lock(Path path, String sessionId) {
        if (HELD_HERE.contains(path)) {
            throw alreadyRecorded(sessionId, ProcessHandle.current().pid(), path);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            JournalFiles.makePrivate(path);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                long pid = readPid(channel);
                channel.close();
                throw alreadyRecorded(sessionId, pid, path);
            }
            HELD_HERE.add(path);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new WriterLock(path, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JournalException("cannot lock the journal of session " + sessionId + " (" + path + "): " + e.getMessage(), e);
        }
    }

    /** The exclusive lock, tried again for {@link #PROBE_GRACE_MS} while only a verifier's probe could be in the way. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        long giveUp = System.nanoTime() + PROBE_GRACE_MS * 1_000_000;
        for (long pause = 1; ; pause = Math.min(pause * 2, 50)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return null; // this JVM holds it (a lookup in progress is excluded by HELD_HERE's monitor)
            }
            if (lock != null || System.nanoTime() > giveUp) {
                return lock;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Who holds the lock, found without creating or changing the file: a shared lock is tried on a
     * read-only descriptor and released at once (a writer starting in that instant tries again).
     */
    static Holder holder(Path dir) {
        Path path = key(dir);
        if (HELD_HERE.contains(path)) {
            return new Holder(true, ProcessHandle.current().pid());
        }
        if (!Files.isRegularFile(path)) {
            return Holder.NOBODY;
        }
        // one at a time with acquire() and close(): a descriptor closed here while a writer of this JVM
        // takes the lock would drop it again; two lookups at once would collide on the JVM's lock table
        synchronized (HELD_HERE) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                FileLock probe;
                try {
                    probe = channel.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException e) {
                    return new Holder(true, ProcessHandle.current().pid());
                }
                if (probe == null) {
                    return new Holder(true, readPid(channel));
                }
                probe.release();
                return Holder.NOBODY;
            } catch (IOException e) {
                return Holder.NOBODY;
            }
        }
    }

    private static Path key(Path dir) {
        return dir.resolve(FILE).toAbsolutePath().normalize();
    }

    private static JournalException alreadyRecorded(String sessionId, long pid, Path path) {
        return new JournalBusyException("session " + sessionId + " is already being recorded by another writer"
                + (pid > 0 ? " (pid " + pid + ")" : "") + "; stop that recorder first (lock: " + path + ")", pid);
    }

    private static long readPid(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            channel.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        synchronized (HELD_HERE) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            } finally {
                closeQuietly(channel);
                HELD_HERE.remove(path);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the process
            }
        }
    }
}
