package dev.blackbox.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How a {@link SessionJournal} writes (config section {@code journal}, JOURNAL.md):
 *
 * @param minFreeBytes        free space the journal's file system must keep; an append that would go below
 *                            it fails with {@link JournalFullException} (0: no check)
 * @param signingKey          Ed25519 private key file ({@code blackbox keygen}); null: checkpoints are unsigned
 * @param checkpointEvery     with a key or a witness: a checkpoint at least every this many entries
 * @param checkpointInterval  with a key or a witness: a checkpoint at least this often while entries come in
 * @param witness             a file outside the journal that receives a copy of every checkpoint; null: none
 * @param onCheckpoint        told of every checkpoint once it is journaled (on the writer's thread)
 * @param clockMicros         the time entries are stamped with, epoch microseconds
 */
public record JournalOptions(long minFreeBytes, Path signingKey, long checkpointEvery, Duration checkpointInterval,
                             Path witness, Consumer<JournalRecord.Checkpoint> onCheckpoint, LongSupplier clockMicros) {

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
    }

    public static JournalOptions defaults() {
        return new JournalOptions(DEFAULT_MIN_FREE_BYTES, null, DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL,
                null, checkpoint -> { }, SystemTimeProvider.CLOCK::currentTimeMicros);
    }

    public JournalOptions withMinFreeBytes(long bytes) {
        return new JournalOptions(bytes, signingKey, checkpointEvery, checkpointInterval, witness, onCheckpoint, clockMicros);
    }

    public JournalOptions withSigningKey(Path key) {
        return new JournalOptions(minFreeBytes, key, checkpointEvery, checkpointInterval, witness, onCheckpoint, clockMicros);
    }

    public JournalOptions withCheckpointEvery(long entries) {
        return new JournalOptions(minFreeBytes, signingKey, entries, checkpointInterval, witness, onCheckpoint, clockMicros);
    }

    public JournalOptions withCheckpointInterval(Duration interval) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, interval, witness, onCheckpoint, clockMicros);
    }

    public JournalOptions withWitness(Path file) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, file, onCheckpoint, clockMicros);
    }

    public JournalOptions withCheckpointListener(Consumer<JournalRecord.Checkpoint> listener) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, witness, listener, clockMicros);
    }

    public JournalOptions withClock(LongSupplier micros) {
        return new JournalOptions(minFreeBytes, signingKey, checkpointEvery, checkpointInterval, witness, onCheckpoint, micros);
    }

    /** True when checkpoints are written as the journal grows, not only at the seal. */
    boolean periodicCheckpoints() {
        return signingKey != null || witness != null;
    }
}
