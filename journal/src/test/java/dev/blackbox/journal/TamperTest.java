package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alteration of the issue, on copies of a 67-entry journal: each must be called tampering (or, for a
 * clean cut at an entry, at least not intact) and name the first bad entry and the file.
 */
class TamperTest {

    @TempDir
    Path root;

    Path dir;
    Path cq4;

    @BeforeEach
    void demo() throws Exception {
        dir = DemoJournal.write(root);
        cq4 = DemoJournal.cycleFile(dir);
        Result clean = verify();
        assertThat(clean.status()).as(clean.describe()).isEqualTo(Status.SEALED);
        assertThat(clean.entries()).isEqualTo(DemoJournal.ENTRIES);
    }

    private Result verify() {
        return JournalVerifier.verify(root, DemoJournal.SESSION);
    }

    private Result verify(JournalVerifier.Options options) {
        return JournalVerifier.verify(root, DemoJournal.SESSION, options);
    }

    private static void assertTampered(Result r, long seq, String... mentions) {
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).as(r.describe()).isEqualTo(seq);
        assertThat(r.describe()).contains(mentions);
    }

    @Test
    @DisplayName("A cycle file cut at an entry boundary is a cut file: tampered at the first missing seq, naming the file")
    void cutAtEntryBoundary() throws Exception {
        DemoJournal.truncate(cq4, DemoJournal.entry(cq4, 29).end());
        assertTampered(verify(), 30, cq4.getFileName().toString(), "right after seq 29", "cut");
    }

    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {0, 1000, 65536})
    @DisplayName("A cycle file cut to 0, 1000 or 65536 bytes (inside Chronicle's header and indexes) is tampered at seq 1")
    void cutShort(int size) throws Exception {
        DemoJournal.truncate(cq4, size);
        assertTampered(verify(), 1, cq4.getFileName().toString(), "cut");
    }

    @Test
    @DisplayName("The incomplete bit set on entry 30's header word hides 37 entries from a tailer, but verify names seq 30 and the file")
    void incompleteBitInTheMiddle() throws Exception {
        DemoJournal.At e30 = DemoJournal.entry(cq4, 30);
        DemoJournal.writeIntLE(cq4, e30.pos(), e30.word() | QueueFile.NOT_COMPLETE);
        assertTampered(verify(), 30, "flagged incomplete", "more bytes of data follow", cq4.getFileName().toString(),
                "offset " + e30.pos());
    }

    @Test
    @DisplayName("The metadata bit set on the last entry hides it from a tailer, but verify names seq 67 and the file")
    void metadataBitOnTheLastEntry() throws Exception {
        DemoJournal.At last = DemoJournal.entry(cq4, DemoJournal.ENTRIES);
        DemoJournal.writeIntLE(cq4, last.pos(), last.word() | QueueFile.META_DATA);
        assertTampered(verify(), DemoJournal.ENTRIES, "flagged as Chronicle metadata", "seq " + DemoJournal.ENTRIES,
                cq4.getFileName().toString());
    }

    @Test
    @DisplayName("Eight bytes of 0xff after the last entry are bytes no writer left: tampered after seq 67")
    void bytesAfterTheLastEntry() throws Exception {
        DemoJournal.At last = DemoJournal.entry(cq4, DemoJournal.ENTRIES);
        DemoJournal.writeBytes(cq4, last.end(), new byte[]{-1, -1, -1, -1, -1, -1, -1, -1});
        assertTampered(verify(), DemoJournal.ENTRIES + 1, cq4.getFileName().toString(), "offset " + last.end(),
                "header word 0xffffffff");
    }

    @Test
    @DisplayName("Bytes after the end that are not the start of the next entry are not a torn write: tampered")
    void garbageAfterTheEnd() throws Exception {
        DemoJournal.At last = DemoJournal.entry(cq4, DemoJournal.ENTRIES);
        DemoJournal.writeBytes(cq4, last.end() + 4, "not the next entry".getBytes(StandardCharsets.US_ASCII));
        assertTampered(verify(), DemoJournal.ENTRIES + 1, "not the start of its next entry", cq4.getFileName().toString());
    }

    @Test
    @DisplayName("A journal whose cycle file was deleted is reported as data gone, not skipped")
    void cycleFileDeleted() throws Exception {
        Files.delete(cq4);
        assertTampered(verify(), 1, "data is gone", "no cycle file");
        assertThat(JournalCatalog.sessionDirs(root)).containsExactly(DemoJournal.SESSION);
        assertThat(JournalCatalog.sessionIds(root)).isEmpty();
    }

    @Test
    @DisplayName("Random bytes in a .cq4 file named like an earlier day's cycle file: tampered at seq 1, naming that file")
    void randomCycleFileBesideTheRealOne() throws Exception {
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(dir.resolve("20000101F.cq4"), junk);
        assertTampered(verify(), 1, "20000101F.cq4", "not a Chronicle queue file");
    }

    @Test
    @DisplayName("A .cq4 file that is not named like a cycle file is one no entry accounts for: tampered, naming it")
    void foreignFileBesideTheRealOne() throws Exception {
        Files.write(dir.resolve("extra.cq4"), new byte[]{1, 2, 3});
        Result r = verify();
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.describe()).contains("extra.cq4", "not one of its cycle files");
    }

    @Test
    @DisplayName("The store header's dataFormat set to 0 (Chronicle would then read the excerpts unaligned, unlike verify): tampered at seq 1")
    void dataFormatChanged() throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(cq4), 4096);
        int at = QueueFile.indexOf(head, "dataFormat".getBytes(StandardCharsets.US_ASCII)) + "dataFormat".length();
        assertThat(head[at] & 0xff).isEqualTo(0xa1);
        assertThat(head[at + 1]).isEqualTo((byte) 1);
        DemoJournal.writeBytes(cq4, at + 1, new byte[]{0});
        assertTampered(verify(), 1, cq4.getFileName().toString(), "says dataFormat 0, not 1");
    }

    @Test
    @DisplayName("Another session's genuine cycle file copied in as a later day: the chain does not continue into it")
    void anotherJournalsCycleFileBesideTheRealOne() throws Exception {
        Path other = root.resolve("other");
        Files.createDirectories(other);
        try (SessionJournal j = SessionJournal.open(other, "session_01Demo")) {
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
        }
        Files.copy(DemoJournal.cycleFile(other.resolve("session_01Demo")), dir.resolve("29991231F.cq4"));
        // the real last day never rolled over to it: no roll mark, the first thing found
        assertTampered(verify(), DemoJournal.ENTRIES + 1, cq4.getFileName().toString(), "without Chronicle's roll mark, yet a later cycle file follows");
    }

    @Test
    @DisplayName("The cycle file renamed to an earlier day: its entries were written on another day, tampered at seq 1")
    void renamedToAnEarlierDay() throws Exception {
        int cycle = CycleFiles.cycleOf(cq4.getFileName().toString());
        Path earlier = dir.resolve(CycleFiles.fileName(cycle - 1));
        Files.move(cq4, earlier);
        assertTampered(verify(), 1, earlier.getFileName().toString(), "renamed");
    }

    @Test
    @DisplayName("Two cycle files swapped by renaming: the chain starts in the wrong file")
    void cyclesRenamedOutOfOrder() throws Exception {
        Path rolled = root.resolve("rolled");
        long[] now = {CycleFiles.DAY_MICROS * 20_000};
        try (SessionJournal j = SessionJournal.open(rolled, "s", () -> now[0])) {
            for (int i = 0; i < 10; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                now[0] += CycleFiles.DAY_MICROS / 4;
            }
        }
        Path a = rolled.resolve("s").resolve(CycleFiles.fileName(20_000));
        Path b = rolled.resolve("s").resolve(CycleFiles.fileName(20_001));
        Path tmp = rolled.resolve("s").resolve("swap");
        Files.move(a, tmp);
        Files.move(b, a);
        Files.move(tmp, b);
        Result r = JournalVerifier.verify(rolled, "s");
        assertTampered(r, 1, a.getFileName().toString());
    }

    @Test
    @DisplayName("An edited payload with every hash recomputed passes the chain alone, and fails with the signing key")
    void reHashedEdit(@TempDir Path keys) throws Exception {
        Keys k = Keys.make(keys);
        Path signedRoot = root.resolve("signed");
        Path signedDir = DemoJournal.write(signedRoot, JournalOptions.defaults().withSigningKey(k.privateFile()).withCheckpointEvery(10));
        Forger.rewrite(signedRoot, DemoJournal.SESSION, entries -> {
            int i = 19;
            while (entries.get(i).kind() != EntryKind.FRAME_RECEIVED) {
                i++;
            }
            Forger.Raw e = entries.get(i);
            entries.set(i, new Forger.Raw(e.ts(), e.kind(), "{\"type\":\"assistant\",\"text\":\"rewritten\"}".getBytes(StandardCharsets.UTF_8)));
            return entries;
        });
        assertThat(signedDir).exists();
        Result chainOnly = JournalVerifier.verify(signedRoot, DemoJournal.SESSION);
        assertThat(chainOnly.status()).as(chainOnly.describe()).isEqualTo(Status.SEALED);
        Result withKey = JournalVerifier.verify(signedRoot, DemoJournal.SESSION, k.options());
        assertThat(withKey.status()).as(withKey.describe()).isEqualTo(Status.TAMPERED);
        assertThat(withKey.firstBadSeq()).as(withKey.describe()).isLessThanOrEqualTo(20);
        assertThat(withKey.describe()).contains("does not verify with key " + k.id());
    }

    @Test
    @DisplayName("Entries forged after the seal: without a new seal the journal is unsealed and the uncovered entries are counted")
    void forgedAppendLeftUnsealed(@TempDir Path keys) throws Exception {
        Keys k = Keys.make(keys);
        Path signedRoot = root.resolve("signed");
        DemoJournal.write(signedRoot, JournalOptions.defaults().withSigningKey(k.privateFile()));
        Forger.rewrite(signedRoot, DemoJournal.SESSION, entries -> {
            long ts = entries.get(entries.size() - 1).ts() + 1;
            entries.add(new Forger.Raw(ts, EntryKind.FRAME_SENT, "{\"type\":\"control_response\",\"forged\":true}".getBytes(StandardCharsets.UTF_8)));
            entries.add(new Forger.Raw(ts, EntryKind.FRAME_SENT, "{\"type\":\"control_response\",\"forged\":2}".getBytes(StandardCharsets.UTF_8)));
            return entries;
        });
        Result r = JournalVerifier.verify(signedRoot, DemoJournal.SESSION, k.options());
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.describe()).contains("2 entries after seq " + DemoJournal.ENTRIES, "not covered by a signature");
    }

    @Test
    @DisplayName("Entries forged after the seal and sealed again: passes the chain alone, fails with the key")
    void forgedAppendWithForgedSeal(@TempDir Path keys) throws Exception {
        Keys k = Keys.make(keys);
        Path signedRoot = root.resolve("signed");
        DemoJournal.write(signedRoot, JournalOptions.defaults().withSigningKey(k.privateFile()));
        Forger.rewrite(signedRoot, DemoJournal.SESSION, entries -> {
            Forger.Raw seal = entries.get(entries.size() - 1);
            long ts = seal.ts() + 1;
            entries.add(new Forger.Raw(ts, EntryKind.FRAME_SENT, "{\"type\":\"control_response\",\"forged\":true}".getBytes(StandardCharsets.UTF_8)));
            entries.add(new Forger.Raw(ts, EntryKind.RECORDING_STOPPED, "{\"reason\":\"forged\"}".getBytes(StandardCharsets.UTF_8)));
            JournalRecord.Checkpoint real = JournalRecord.Codec.decode(seal.payload(), JournalRecord.Checkpoint.class);
            // the forger copies the real seal's signature: it does not sign the new head
            entries.add(new Forger.Raw(ts, EntryKind.CHECKPOINT, JournalRecord.Codec.encode(real)));
            return entries;
        });
        Result chainOnly = JournalVerifier.verify(signedRoot, DemoJournal.SESSION);
        assertThat(chainOnly.status()).as(chainOnly.describe()).isEqualTo(Status.SEALED);
        Result withKey = JournalVerifier.verify(signedRoot, DemoJournal.SESSION, k.options());
        assertTampered(withKey, DemoJournal.ENTRIES + 1, "does not verify with key " + k.id());
    }

    @Test
    @DisplayName("An unsigned forged seal after forged entries: the entries after the last signed checkpoint are named")
    void forgedAppendWithUnsignedSeal(@TempDir Path keys) throws Exception {
        Keys k = Keys.make(keys);
        Path signedRoot = root.resolve("signed");
        DemoJournal.write(signedRoot, JournalOptions.defaults().withSigningKey(k.privateFile()));
        Forger.rewrite(signedRoot, DemoJournal.SESSION, entries -> {
            long ts = entries.get(entries.size() - 1).ts() + 1;
            entries.add(new Forger.Raw(ts, EntryKind.FRAME_SENT, "{\"type\":\"control_response\",\"forged\":true}".getBytes(StandardCharsets.UTF_8)));
            entries.add(new Forger.Raw(ts, EntryKind.CHECKPOINT, JournalRecord.Codec.encode(
                    new JournalRecord.Checkpoint(DemoJournal.SESSION, null, 0, null, ts, null, null, true))));
            return entries;
        });
        Result withKey = JournalVerifier.verify(signedRoot, DemoJournal.SESSION, k.options());
        assertTampered(withKey, DemoJournal.ENTRIES + 1, "entries after seq " + DemoJournal.ENTRIES, "forged");
    }

    @Test
    @DisplayName("Another genuine, signed run of the same session swapped in: the key alone cannot tell, the witness can")
    void swappedInRun(@TempDir Path keys) throws Exception {
        Keys k = Keys.make(keys);
        Path witness = keys.resolve("witness.jsonl");
        Path rootA = root.resolve("a");
        Path rootB = root.resolve("b");
        DemoJournal.write(rootA, JournalOptions.defaults().withSigningKey(k.privateFile()).withWitness(witness));
        DemoJournal.write(rootB, JournalOptions.defaults().withSigningKey(k.privateFile()));
        Path dirA = rootA.resolve(DemoJournal.SESSION);
        Files.delete(DemoJournal.cycleFile(dirA));
        Path fileB = DemoJournal.cycleFile(rootB.resolve(DemoJournal.SESSION));
        Files.copy(fileB, dirA.resolve(fileB.getFileName()));
        Result keyOnly = JournalVerifier.verify(rootA, DemoJournal.SESSION, k.options());
        assertThat(keyOnly.status()).as(keyOnly.describe()).isEqualTo(Status.SEALED);
        Result withWitness = JournalVerifier.verify(rootA, DemoJournal.SESSION, new JournalVerifier.Options(k.publicKey(), witness));
        assertTampered(withWitness, 1, "another recording of session " + DemoJournal.SESSION, "replaced");
    }

    @Test
    @DisplayName("A journal cut cleanly back past a checkpoint the witness holds: unsealed alone, tampered against the witness")
    void truncatedBehindTheWitness(@TempDir Path keys) throws Exception {
        Path witness = keys.resolve("witness.jsonl");
        Path wRoot = root.resolve("w");
        Path wDir = DemoJournal.write(wRoot, JournalOptions.defaults().withWitness(witness).withCheckpointEvery(10));
        Path file = DemoJournal.cycleFile(wDir);
        DemoJournal.At cut = DemoJournal.entry(file, 40);
        long size = Files.size(file);
        // zero everything after seq 40, keeping the file's size: what a careful attacker (or a crash) leaves
        List<DemoJournal.At> all = DemoJournal.excerpts(file);
        DemoJournal.writeBytes(file, cut.end(), new byte[(int) (all.get(all.size() - 1).end() - cut.end())]);
        assertThat(Files.size(file)).isEqualTo(size);
        Result alone = JournalVerifier.verify(wRoot, DemoJournal.SESSION);
        assertThat(alone.status()).as(alone.describe()).isEqualTo(Status.UNSEALED);
        assertThat(alone.describe()).contains("the last entry is seq 40");
        Result r = JournalVerifier.verify(wRoot, DemoJournal.SESSION, new JournalVerifier.Options(null, witness));
        assertTampered(r, 41, "truncated", "the journal ends at seq 40");
    }
}
