package dev.blackbox.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.stream.Stream;

/** Where journals live on disk and how their queues are opened. Owner-only permissions throughout. */
public final class JournalFiles {

    static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /**
     * Chronicle maps cycle files in chunks of this size and caps one excerpt at a quarter of it: entries of
     * up to 32 MiB. Files are sparse: a chunk costs no disk until its pages are written, so the size of a
     * block does not change how much free space an append needs (see {@link SpaceGuard}).
     */
    static final long BLOCK_SIZE = 128L << 20;
    public static final int MAX_PAYLOAD_BYTES = (int) (BLOCK_SIZE / 4) - 1024;
    static final String METADATA_FILE = "metadata.cq4t";

    private JournalFiles() {
    }

    /** {@code $XDG_DATA_HOME/blackbox/journal}, falling back to {@code ~/.local/share/blackbox/journal}. */
    public static Path defaultRoot() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("blackbox").resolve("journal");
    }

    public static Path sessionDir(Path root, String sessionId) {
        return root.resolve(SessionIds.requireValid(sessionId));
    }

    /** True when the directory holds any file a journal leaves: a cycle file, Chronicle's metadata or the lock. */
    public static boolean hasJournalFiles(Path sessionDir) {
        if (!Files.isDirectory(sessionDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(sessionDir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".cq4") || n.equals(METADATA_FILE) || n.equals(WriterLock.FILE));
        } catch (IOException e) {
            return false;
        }
    }

    /** True for a session directory an auditor must hear about: one with journal files, or an empty one (all gone). */
    public static boolean isJournalDirectory(Path sessionDir) {
        if (hasJournalFiles(sessionDir)) {
            return true;
        }
        try (Stream<Path> files = Files.list(sessionDir)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the directory holds a Chronicle queue (at least one cycle file). */
    public static boolean hasJournal(Path sessionDir) {
        if (!Files.isDirectory(sessionDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(sessionDir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            return false;
        }
    }

    static void createPrivateDirectories(Path dir) {
        try {
            Path absolute = dir.toAbsolutePath();
            if (POSIX) {
                // create each missing level owner-only, so no window exists with wider permissions
                Path missing = absolute;
                ArrayDeque<Path> toCreate = new ArrayDeque<>();
                while (missing != null && !Files.exists(missing)) {
                    toCreate.push(missing);
                    missing = missing.getParent();
                }
                for (Path p : toCreate) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIR_PERMS));
                }
                Files.setPosixFilePermissions(absolute, DIR_PERMS);
            } else {
                Files.createDirectories(absolute);
            }
        } catch (IOException e) {
            throw new JournalException("cannot create journal directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the directory of a session's journal, for its writer, with an empty {@code writer.lock} already
     * in it: both are made in a hidden staging directory beside it ({@code .SESSION.*}, never a session id)
     * and renamed into place at once, so that no crash leaves an empty session directory (which reads as a
     * journal whose data is gone). An existing directory is only made owner-only.
     */
    static void createJournalDirectory(Path dir) {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            Path parent = absolute.getParent();
            createPrivateDirectories(parent);
            Path staging = null;
            try {
                staging = POSIX
                        ? Files.createTempDirectory(parent, "." + absolute.getFileName() + ".", PosixFilePermissions.asFileAttribute(DIR_PERMS))
                        : Files.createTempDirectory(parent, "." + absolute.getFileName() + ".");
                Files.createFile(staging.resolve(WriterLock.FILE));
                Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException e) {
                if (!Files.isDirectory(absolute)) {
                    throw new JournalException("cannot create journal directory " + dir + ": " + e.getMessage(), e);
                }
                // another writer made it first: its lock decides
            } finally {
                if (staging != null) {
                    try {
                        Files.deleteIfExists(staging.resolve(WriterLock.FILE));
                        Files.deleteIfExists(staging);
                    } catch (IOException ignored) {
                        // a hidden leftover beside the journals; no session id starts with a dot
                    }
                }
            }
        }
        createPrivateDirectories(absolute);
    }

    static void makePrivate(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, FILE_PERMS);
            }
        } catch (IOException e) {
            throw new JournalException("cannot restrict permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    static void makeAllPrivate(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile).forEach(JournalFiles::makePrivate);
        } catch (IOException e) {
            throw new JournalException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A reader's queue, always read-only: a read must not change the evidence it reads. Opened for
     * writing, Chronicle bumps {@code listing.modCount} in {@code metadata.cq4t} on every open (so
     * {@code sessions} or {@code state} altered an auditor's copy), and on a read-only mount it logs a
     * stack trace before it falls back. Read-only mappings are shared, so a live journal's new entries
     * and new cycle files are still seen.
     */
    static SingleChronicleQueue openQueue(Path sessionDir) {
        return builder(sessionDir).readOnly(true).build();
    }

    /**
     * The writer's queue: its cycles follow the journal's clock, so each entry lands in the file of its own
     * day. With checkpoint durability its mappings sync synchronously (msync MS_SYNC), so that
     * {@code appender.sync()} returns once the bytes are on the disk.
     */
    static SingleChronicleQueue openQueue(Path sessionDir, TimeProvider clock, JournalOptions.Durability durability) {
        SingleChronicleQueueBuilder b = builder(sessionDir).timeProvider(clock);
        if (durability == JournalOptions.Durability.CHECKPOINT) {
            b.syncMode(SyncMode.SYNC);
        }
        return b.build();
    }

    private static SingleChronicleQueueBuilder builder(Path sessionDir) {
        return SingleChronicleQueueBuilder.binary(sessionDir)
                .rollCycle(RollCycles.FAST_DAILY)
                .blockSize(BLOCK_SIZE);
    }
}
