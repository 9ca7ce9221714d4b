package dev.blackbox.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keeps a journal's file system above its reserve, so that a full disk stops the journal before an
 * append, at an entry boundary, instead of in the middle of one (Chronicle writes through a memory map:
 * a page the file system cannot back is a SIGBUS mid-entry).
 *
 * <p>Asking the file system is a {@code statvfs} call, so the answer is kept and asked again only when
 * this journal's own writes since could have used up the headroom, or {@link #RECHECK_MICROS} later
 * (other writers share the file system).
 */
final class SpaceGuard {

    /** What Chronicle may write on its own during one append: an index (32 KiB) or a new cycle file's first pages. */
    static final long SLACK_BYTES = 256L << 10;
    static final long RECHECK_MICROS = 100_000;

    private final Path dir;
    private final long reserve;
    private final FileStore store;
    private long budget;
    private long checkedAt;

    private SpaceGuard(Path dir, long reserve, FileStore store) {
        this.dir = dir;
        this.reserve = reserve;
        this.store = store;
    }

    /** Refuses to start a journal in {@code dir} (which may not exist yet) when the reserve is not there. */
    static SpaceGuard require(Path dir, long reserve, long nowMicros) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new JournalException("cannot find the file system of " + dir);
        }
        try {
            FileStore store = Files.getFileStore(existing);
            if (store.isReadOnly() || !Files.isWritable(existing)) {
                // said as it is: a read-only copy is not a full disk
                throw new JournalException("cannot write the journal in " + existing + ": "
                        + (store.isReadOnly() ? "its file system is mounted read-only" : "it is not writable (a read-only mount, or no permission)"));
            }
            SpaceGuard guard = new SpaceGuard(dir, reserve, store);
            if (reserve > 0) {
                guard.look(SLACK_BYTES, nowMicros);
            }
            return guard;
        } catch (IOException e) {
            throw new JournalException("cannot read the free space of " + existing + ": " + e.getMessage(), e);
        }
    }

    /** Accounts for an append of {@code bytes}, or throws {@link JournalFullException} before it is made. */
    void reserve(long bytes, long nowMicros) {
        if (reserve <= 0) {
            return; // the check is off (journal.minFreeBytes: 0)
        }
        if (bytes + SLACK_BYTES > budget || nowMicros - checkedAt >= RECHECK_MICROS || nowMicros < checkedAt) {
            look(bytes + SLACK_BYTES, nowMicros);
        }
        budget -= bytes;
    }

    /** The one-line message for a full file system as it is now, for failures found another way (SIGBUS). */
    JournalFullException fullNow() {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            usable = -1;
        }
        return full(usable);
    }

    /** True when the file system is (nearly) out of room: a fault in a mapped page was almost surely that. */
    boolean nearlyFull() {
        try {
            return store.getUsableSpace() < reserve + SLACK_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private void look(long need, long nowMicros) {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new JournalException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
        }
        checkedAt = nowMicros;
        budget = usable - reserve;
        if (budget < need) {
            throw full(usable);
        }
    }

    private JournalFullException full(long usable) {
        return new JournalFullException("journal full: no space left on " + dir + " ("
                + (usable < 0 ? "?" : mib(usable)) + " MiB free, reserve " + mib(reserve) + " MiB)");
    }

    static String mib(long bytes) {
        double m = bytes / (1024.0 * 1024.0);
        // a tenth of a MiB below a GiB: "64.3 MiB free, reserve 64 MiB" says how close it came
        return m >= 1024 || m == Math.rint(m) ? Long.toString((long) m) : String.format(Locale.ROOT, "%.1f", m);
    }
}
