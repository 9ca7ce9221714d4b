package dev.blackbox.journal;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/** Where journals live on disk and how their queues are opened. Owner-only permissions throughout. */
public final class JournalFiles {

    static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Chronicle caps one entry at a quarter of the block size: 32 MiB entries. Files are sparse. */
    static final long BLOCK_SIZE = 128L << 20;
    public static final int MAX_PAYLOAD_BYTES = (int) (BLOCK_SIZE / 4) - 1024;

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
                java.util.ArrayDeque<Path> toCreate = new java.util.ArrayDeque<>();
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

    static SingleChronicleQueue openQueue(Path sessionDir) {
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(sessionDir)
                .rollCycle(RollCycles.FAST_DAILY)
                .blockSize(BLOCK_SIZE);
        return builder.build();
    }
}
