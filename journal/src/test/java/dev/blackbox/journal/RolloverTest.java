package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A recording that runs past midnight: one cycle file per UTC day, every one of them verified. */
class RolloverTest {

    static final String S = "s_roll";
    static final long DAY = CycleFiles.DAY_MICROS;

    @TempDir
    Path root;

    /** 30 entries from 23:59:50 on 2026-11-30 over three days; the clock jumps a day at entry 20. */
    private long[] record() {
        long start = Instant.parse("2026-11-30T23:59:50Z").toEpochMilli() * 1000;
        long[] now = {start};
        try (SessionJournal j = SessionJournal.open(root, S, () -> now[0])) {
            for (int i = 1; i <= 30; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                now[0] += i == 20 ? DAY : 1_000_000;
            }
        }
        return now;
    }

    private List<String> cycleFiles() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve(S))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }

    @Test
    @DisplayName("Entries land in the cycle file of their own UTC day; verify and a reader go through every cycle")
    void rollsOverAndVerifiesEveryCycle() throws Exception {
        record();
        assertThat(cycleFiles()).containsExactly("20261130F.cq4", "20261201F.cq4", "20261202F.cq4");
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.SEALED);
        assertThat(r.entries()).isEqualTo(31);
        List<JournalEntry> read = RecordedEntries.all(root, S);
        assertThat(read).extracting(JournalEntry::seq).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 31).boxed().toList());
        for (JournalEntry e : read) {
            // 23:59:50 + 1 s each: entries 1-10 on 30 November, 11-20 on 1 December, then a day later
            assertThat(CycleFiles.cycleOfMicros(e.tsMicros())).isEqualTo(
                    CycleFiles.cycleOf(e.seq() <= 10 ? "20261130F.cq4" : e.seq() <= 20 ? "20261201F.cq4" : "20261202F.cq4"));
        }
    }

    @Test
    @DisplayName("A reopened journal on a later day continues the chain into a new cycle file")
    void reopenOnALaterDay() throws Exception {
        long[] now = record();
        now[0] += 3 * DAY;
        try (SessionJournal j = SessionJournal.open(root, S, () -> now[0])) {
            j.append(EntryKind.FRAME_RECEIVED, "{\"late\":true}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(cycleFiles()).hasSize(4);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.SEALED);
        assertThat(r.entries()).isEqualTo(33);
    }

    @Test
    @DisplayName("A day's roll mark zeroed: tampered at the first entry of the next day, since readers would stop at that file")
    void rollMarkRemoved() throws Exception {
        record();
        Path first = root.resolve(S).resolve("20261130F.cq4");
        List<DemoJournal.At> excerpts = DemoJournal.excerpts(first);
        DemoJournal.writeBytes(first, excerpts.get(excerpts.size() - 1).end(), new byte[8]); // the mark and its "EOF"
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(11);
        assertThat(r.describe()).contains("20261130F.cq4 ends at offset", "without Chronicle's roll mark, yet a later cycle file follows");
    }

    /** Sets {@code listing.lowestCycle} or {@code listing.highestCycle} in metadata.cq4t: 8 bytes no hash covers. */
    private void setListing(String key, int cycle) throws Exception {
        Path meta = root.resolve(S).resolve(JournalFiles.METADATA_FILE);
        byte[] bytes = Files.readAllBytes(meta);
        int at = QueueFile.indexOf(bytes, key.getBytes(StandardCharsets.US_ASCII)) + key.length();
        while ((bytes[at] & 0xff) == 0x8f || (bytes[at] & 0xff) == 0x8e) { // Chronicle's padding: a byte, or a sized run
            at += (bytes[at] & 0xff) == 0x8f ? 1 : 5 + ByteBuffer.wrap(bytes, at + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }
        assertThat(bytes[at] & 0xff).as("an int64 follows " + key).isEqualTo(0xa7);
        DemoJournal.writeBytes(meta, at + 1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(cycle).array());
    }

    @Test
    @DisplayName("metadata.cq4t edited to leave the first or the last day out of the listing readers go by: tampered, naming the file")
    void listingHidesADay() throws Exception {
        record();
        setListing("listing.lowestCycle", CycleFiles.cycleOf("20261201F.cq4"));
        Result first = JournalVerifier.verify(root, S);
        assertThat(first.status()).as(first.describe()).isEqualTo(Status.TAMPERED);
        assertThat(first.describe()).contains("metadata.cq4t lists 20261201F.cq4 as the first cycle, but the first cycle file is 20261130F.cq4");

        setListing("listing.lowestCycle", CycleFiles.cycleOf("20261130F.cq4"));
        assertThat(JournalVerifier.verify(root, S).status()).as("restored").isEqualTo(Status.SEALED);
        setListing("listing.highestCycle", CycleFiles.cycleOf("20261201F.cq4"));
        Result last = JournalVerifier.verify(root, S);
        assertThat(last.status()).as(last.describe()).isEqualTo(Status.TAMPERED);
        assertThat(last.firstBadSeq()).isEqualTo(21);
        assertThat(last.describe()).contains("metadata.cq4t lists 20261201F.cq4 as the last cycle, but 20261202F.cq4 is there");
    }

    @Test
    @DisplayName("A missing middle cycle file is a seq gap that names the file after the hole")
    void missingMiddleCycle() throws Exception {
        record();
        Files.delete(root.resolve(S).resolve("20261201F.cq4"));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(11);
        assertThat(r.describe()).contains("20261202F.cq4 starts at seq 21", "a cycle file or entries are missing");
    }

    @Test
    @DisplayName("A missing last cycle file: the one before it ends with Chronicle's roll mark, and verify says the next is missing")
    void missingLastCycle() throws Exception {
        record();
        Files.delete(root.resolve(S).resolve("20261202F.cq4"));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(21);
        assertThat(r.describe()).contains("20261201F.cq4 ends with Chronicle's roll mark", "missing");
    }
}
