package dev.blackbox.journal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code journal.durability}. Power loss cannot be staged here, so these check what the journal asks of
 * the kernel: Chronicle's record of what it msynced (MS_SYNC) up to each checkpoint, before the witness
 * and the listeners hear of it.
 */
class DurabilityTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    /** For each checkpoint as it was told: whether the journal was on the disk up to it, and the witness's lines. */
    private record Told(long seq, boolean synced, int witnessLines) {
    }

    private List<Told> record(JournalOptions.Durability durability, Path witness, int frames) throws Exception {
        AtomicReference<SessionJournal> journal = new AtomicReference<>();
        List<Told> told = new ArrayList<>();
        JournalOptions options = JournalOptions.defaults().withDurability(durability).withCheckpointEvery(10)
                .withWitness(witness).withCheckpointListener(cp -> {
                    try {
                        told.add(new Told(cp.seq(), journal.get().syncedThroughLastEntry(),
                                witness == null ? 0 : Files.readAllLines(witness).size()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        try (SessionJournal j = SessionJournal.open(root, "s_" + durability.name().toLowerCase(), options)) {
            journal.set(j);
            for (int i = 0; i < frames; i++) {
                j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(i));
            }
        }
        return told;
    }

    @Test
    @DisplayName("checkpoint durability: checkpoints every N entries even without key or witness, and each is on the disk when it is told")
    void everyCheckpointSynced() throws Exception {
        List<Told> told = record(JournalOptions.Durability.CHECKPOINT, null, 25);
        assertThat(told).extracting(Told::seq).containsExactly(10L, 21L, 27L);
        assertThat(told).allSatisfy(t -> assertThat(t.synced()).as("synced at the checkpoint after seq " + t.seq()).isTrue());
    }

    @Test
    @DisplayName("checkpoint durability with a witness: each checkpoint is on the disk and witnessed, one line each, and the journal verifies sealed")
    void syncedBeforeWitnessed() throws Exception {
        Path witness = outside.resolve("witness.jsonl");
        List<Told> told = record(JournalOptions.Durability.CHECKPOINT, witness, 25);
        assertThat(told).hasSize(3).allSatisfy(t -> assertThat(t.synced()).isTrue());
        assertThat(told).extracting(Told::witnessLines).containsExactly(1, 2, 3);
        assertThat(JournalVerifier.verify(root, "s_checkpoint").status()).isEqualTo(JournalVerifier.Status.SEALED);
    }

    @Test
    @DisplayName("page-cache durability (the default): nothing is forced, and without key or witness only the seal is a checkpoint")
    void pageCacheForcesNothing() throws Exception {
        List<Told> told = record(JournalOptions.Durability.PAGE_CACHE, null, 25);
        assertThat(told).extracting(Told::seq).containsExactly(25L);
        assertThat(told).allSatisfy(t -> assertThat(t.synced()).isFalse());
        assertThat(JournalOptions.defaults().durability()).isEqualTo(JournalOptions.Durability.PAGE_CACHE);
    }
}
