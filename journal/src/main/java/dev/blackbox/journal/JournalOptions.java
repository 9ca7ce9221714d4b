package dev.blackbox.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How a {@link SessionJournal} writes (config section {@code journal}, JOURNAL.md):
 *
 * @param minFreeBytes        free space the journal's file system must keep; an append that would go below
 *                            it fails with {@link JournalFullException} (0: no check)
 * @param signingKey          Ed25519 private key file ({@code blackbox keygen}); null: checkpoints are unsigned
 * @param checkpointEvery     with a key, a witness or checkpoint durability: a checkpoint at least every this many entries
 * @param checkpointInterval  with a key, a witness or checkpoint durability: a checkpoint at least this often while entries come in
 * @param witness             a file outside the journal that receives a copy of every checkpoint; null: none
 * @param onCheckpoint        told of every checkpoint once it is journaled (on the writer's thread)
 * @param clockMicros         the time entries are stamped with, epoch microseconds
 * @param durability          when entries reach the disk, not only the page cache ({@code journal.durability})
 */
public record JournalOptions(long minFreeBytes, Path signingKey, long checkpointEvery, Duration checkpointInterval,
                             Path witness, Consumer<JournalRecord.Checkpoint> onCheckpoint, LongSupplier clockMicros,
                             Durability durability) {

    /**
     * When the journal's bytes are forced to the disk. A {@code kill -9} takes nothing from either: the
     * page cache survives the process. Power loss does not.
     */
    public enum Durability {
        /** Never forced: the kernel writes the pages back in its own time (seconds); power loss can take the last entries. */
        PAGE_CACHE,
        /**
         * Every checkpoint (the periodic ones, even without a key or a witness, and the seal) forces the journal
         * to the disk (msync, synchronous) before it is witnessed, and the witness line after it (fsync): power
         * loss takes at most the entries after the last checkpoint, and a witness never holds a checkpoint the
         * journal could lose. The writer waits for the disk at each checkpoint.
         */
        CHECKPOINT;

        /** The config spelling: {@code page-cache} or {@code checkpoint}. */
        public static Durability parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "page-cache", "" -> PAGE_CACHE;
                case "checkpoint" -> CHECKPOINT;
                default -> throw new IllegalArgumentException("config key 'journal.durability' is '" + value + "': expected page-cache or checkpoint");
            };
        }
    }

    public static final long DEFAULT_MIN_FREE_BYTES = 64L << 20;
    public static final long DEFAULT_CHECKPOINT_EVERY = 1000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    public JournalOptions {
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("journal.minFreeBytes must be 0 or more, not " + minFreeBytes);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("journal.checkpointEvery must be 1 or more, not " + checkpointEvery);
        }
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("journal.checkpointInterval must be positive, not " + checkpointInterval);
        }
        Objects.requireNonNull(onCheckpoint, "onCheckpoint");
        Objects.requireNonNull(clockMicros, "clockMicros");
        Objects.requireNonNull(durability, "durability");
    }

    public static JournalOptions defaults() {
        return new JournalOptions(DEFAULT_MIN_FREE_BYTES, null, DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL,
                null, checkpoint -> { }, SystemTimeProvider.CLOCK::currentTimeMicros, Durability.PAGE_CACHE);
    }

    public JournalOptions withMinFreeBytes(long bytes) {
        return new JournalOptions(bytes, signingKey, checkpointEvery, checkpointInterval, witness, onCheckpoint, clockMicros, durability);
    }

    public JournalOptions withSigningKey(Path key) {
        return new JournalOptions(minFreeBytes, key, checkpointEvery, checkpointInterval, witness, onCheckpoint, clockMicros, durability);
    }

    public JournalOptions withCheckpointEvery(long entries) {
        return new JournalOptions(minFreeBytes, signingKey, entries, checkpointInterval, witness, onCheckpoint, clockMicros, durability);
    }

    public JournalOptions withCheckpointInterval(Duration interval) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, interval, witness, onCheckpoint, clockMicros, durability);
    }

    public JournalOptions withWitness(Path file) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, file, onCheckpoint, clockMicros, durability);
    }

    public JournalOptions withCheckpointListener(Consumer<JournalRecord.Checkpoint> listener) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, witness, listener, clockMicros, durability);
    }

    public JournalOptions withClock(LongSupplier micros) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, witness, onCheckpoint, micros, durability);
    }

    public JournalOptions withDurability(Durability d) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, witness, onCheckpoint, clockMicros, d);
    }

    /** True when checkpoints are written as the journal grows, not only at the seal. */
    boolean periodicCheckpoints() {
        return signingKey != null || witness != null || durability == Durability.CHECKPOINT;
    }
}
