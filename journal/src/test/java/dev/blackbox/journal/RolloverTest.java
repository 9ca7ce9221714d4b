package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
