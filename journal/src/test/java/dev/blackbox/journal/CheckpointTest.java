package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @TempDir
    Path root;

    @TempDir
    Path outside;

    @Test
    @DisplayName("With a key: a signed checkpoint every N entries and at the seal, each copied to the witness verbatim and told to the listener")
    void signedCheckpointsWitnessedAndPublished() throws Exception {
        Keys keys = Keys.make(outside);
        Path witness = outside.resolve("w").resolve("witness.jsonl");
        List<JournalRecord.Checkpoint> heard = new ArrayList<>();
        JournalOptions options = JournalOptions.defaults().withSigningKey(keys.privateFile()).withWitness(witness)
                .withCheckpointEvery(10).withCheckpointListener(heard::add);
        try (SessionJournal j = SessionJournal.open(root, "s", options)) {
            for (int i = 0; i < 35; i++) {
                j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(i));
            }
            j.append(new JournalRecord.RecordingStopped("done"));
        }
        List<JournalEntry> entries = RecordedEntries.all(root, "s");
        List<JournalEntry> checkpoints = entries.stream().filter(e -> e.kind() == EntryKind.CHECKPOINT).toList();
        assertThat(checkpoints).extracting(JournalEntry::seq).containsExactly(11L, 22L, 33L, 40L);
        for (JournalEntry e : checkpoints) {
            JournalRecord.Checkpoint cp = JournalRecord.Codec.decode(e.payload(), JournalRecord.Checkpoint.class);
            assertThat(cp.seq()).isEqualTo(e.seq() - 1);
            assertThat(cp.head()).isEqualTo(HashChain.hex(entries.get((int) cp.seq() - 1).hash()));
            assertThat(cp.run()).isEqualTo(HashChain.hex(entries.get(0).hash()));
            assertThat(cp.keyId()).isEqualTo(keys.id());
            assertThat(SigningKeys.verify(keys.publicKey(), cp)).isTrue();
            assertThat(cp.seal()).isEqualTo(e.seq() == 40);
        }
        assertThat(Files.readAllLines(witness)).containsExactlyElementsOf(
                checkpoints.stream().map(JournalEntry::payloadText).toList());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(witness))).isEqualTo("rw-------");
        assertThat(heard).hasSize(4);
        assertThat(heard.get(3).seal()).isTrue();

        Result r = JournalVerifier.verify(root, "s", new JournalVerifier.Options(keys.publicKey(), witness));
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.SEALED);
        assertThat(r.describe()).contains("every entry covered by checkpoints signed with key " + keys.id(), "4 checkpoints",
                "the witness agrees (4 checkpoints)");
        Result unchecked = JournalVerifier.verify(root, "s");
        assertThat(unchecked.describe()).contains("signed by key " + keys.id(), "pass --key");
    }

    @Test
    @DisplayName("checkpointIfDue writes a checkpoint once the interval has passed with new entries, and not without them")
    void checkpointsByTime() throws Exception {
        Keys keys = Keys.make(outside);
        long[] now = {1_800_000_000_000_000L};
        JournalOptions options = JournalOptions.defaults().withSigningKey(keys.privateFile())
                .withCheckpointInterval(Duration.ofSeconds(10)).withClock(() -> now[0]);
        try (SessionJournal j = SessionJournal.open(root, "s", options)) {
            j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(1));
            now[0] += 5_000_000;
            assertThat(j.checkpointIfDue()).isFalse();
            now[0] += 5_000_000;
            assertThat(j.checkpointIfDue()).isTrue();
            assertThat(j.lastSeq()).isEqualTo(2);
            now[0] += 60_000_000;
            assertThat(j.checkpointIfDue()).as("no entry since the last checkpoint").isFalse();
            j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(2));
            now[0] += 11_000_000;
            j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(3)); // an append past the interval writes the checkpoint first
            assertThat(j.lastSeq()).isEqualTo(5);
        }
        assertThat(RecordedEntries.kinds(root, "s")).containsExactly(EntryKind.FRAME_RECEIVED, EntryKind.CHECKPOINT,
                EntryKind.FRAME_RECEIVED, EntryKind.CHECKPOINT, EntryKind.FRAME_RECEIVED, EntryKind.CHECKPOINT);
    }

    @Test
    @DisplayName("Without a key or witness the only checkpoint is the unsigned seal")
    void unsignedSealOnly() {
        try (SessionJournal j = SessionJournal.open(root, "s")) {
            for (int i = 0; i < 2500; i++) {
                j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(i));
            }
        }
        List<JournalEntry> entries = RecordedEntries.all(root, "s");
        assertThat(entries.stream().filter(e -> e.kind() == EntryKind.CHECKPOINT)).hasSize(1);
        JournalRecord.Checkpoint seal = JournalRecord.Codec.decode(entries.get(2500).payload(), JournalRecord.Checkpoint.class);
        assertThat(seal.seal()).isTrue();
        assertThat(seal.sig()).isNull();
        assertThat(seal.seq()).isEqualTo(2500);
        assertThat(JournalVerifier.verify(root, "s").describe()).contains("sealed, intact: 2501 entries", "sealed by an unsigned checkpoint");
    }

    @Test
    @DisplayName("A witness inside the journal directory is refused before anything is written")
    void witnessInsideTheJournalRefused() {
        assertThatThrownBy(() -> SessionJournal.open(root, "s", JournalOptions.defaults().withWitness(root.resolve("witness.jsonl"))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("a witness must live elsewhere");
    }

    @Test
    @DisplayName("A signing key others can read, or one that is missing, is refused with one line")
    void badKeysRefused() throws Exception {
        Keys keys = Keys.make(outside);
        Files.setPosixFilePermissions(keys.privateFile(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SessionJournal.open(root, "s", JournalOptions.defaults().withSigningKey(keys.privateFile())))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("is readable by others (rw-r--r--): chmod 600 it");
        assertThatThrownBy(() -> SessionJournal.open(root, "s", JournalOptions.defaults().withSigningKey(outside.resolve("nope.key"))))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("cannot read the signing key");
        assertThat(root.resolve("s")).doesNotExist();
    }

    @Test
    @DisplayName("Checkpoints signed by one key do not pass as another's: verify names both keys")
    void otherKey() throws Exception {
        Keys keys = Keys.make(outside);
        Path other = Files.createDirectory(outside.resolve("other"));
        Keys wrong = Keys.make(other);
        try (SessionJournal j = SessionJournal.open(root, "s", JournalOptions.defaults().withSigningKey(keys.privateFile()))) {
            j.append(EntryKind.FRAME_RECEIVED, RecordedEntries.keepAlive(1));
        }
        Result r = JournalVerifier.verify(root, "s", wrong.options());
        assertThat(r.status()).isEqualTo(Status.TAMPERED);
        assertThat(r.describe()).contains("signed by key " + keys.id() + ", not by the key given (" + wrong.id() + ")");
    }

    @Test
    @DisplayName("A key pair written by SigningKeys reads back; the private file is 0600 and holds its public half")
    void keyFiles() throws Exception {
        Keys keys = Keys.make(outside);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateFile()))).isEqualTo("rw-------");
        String text = Files.readString(keys.privateFile());
        assertThat(text).contains("-----BEGIN PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----");
        assertThat(SigningKeys.readPrivate(keys.privateFile()).keyId()).isEqualTo(keys.id()).hasSize(16);
        assertThatThrownBy(() -> SigningKeys.write(SigningKeys.generate(), keys.privateFile(), outside.resolve("x.pub")))
                .hasMessageContaining("already exists");
    }
}
