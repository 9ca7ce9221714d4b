package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer killed while Chronicle creates a file: its first cycle file, the next day's at a roll, or its
 * metadata.cq4t. Chronicle creates a cycle file empty, sizes it, sets the header word at offset 0 to
 * "incomplete" (0x80000000), writes its store header and its two indexes, and only then publishes the header
 * word. kill -9 anywhere in there (JournalIntegrityTest.verifyWhileAppending met it: a header word of
 * 0x80000000 and nothing else, then "not a Chronicle queue file") is a crash, not tampering, and the next
 * writer carries on. The bytes here are a real cycle file's, cut where the writer was stopped.
 */
class CycleCreationTest {

    static final String S = "s";
    static final long DAY = CycleFiles.DAY_MICROS;
    static final long NOON = Instant.parse("2026-12-01T12:00:00Z").toEpochMilli() * 1000;
    static final int CYCLE = (int) CycleFiles.cycleOfMicros(NOON);

    @TempDir
    Path root;
    @TempDir
    Path scratch;

    /** What Chronicle writes as it creates a cycle file, up to where the first entry goes, taken from a real one. */
    record Creation(byte[] bytes, long fileSize, int headerWord, long index2index, long index, long firstEntry) {
    }

    Creation real;

    @BeforeEach
    void realCreation() throws IOException {
        try (SessionJournal j = SessionJournal.open(scratch, "c", () -> NOON)) {
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
        }
        Path cq4 = DemoJournal.cycleFile(scratch.resolve("c"));
        List<DemoJournal.At> x = DemoJournal.excerpts(cq4);
        assertThat(x.get(3).seq()).as("store header, index2index, index, then entry 1").isEqualTo(1);
        long firstEntry = x.get(3).pos();
        byte[] bytes;
        try (QueueFile f = QueueFile.open(cq4)) {
            bytes = f.bytes(0, (int) firstEntry);
        }
        real = new Creation(bytes, Files.size(cq4), x.get(0).word(), x.get(1).pos(), x.get(2).pos(), firstEntry);
    }

    /** Where kill -9 landed while Chronicle created the file. */
    enum Stopped {
        /** The header word set to incomplete, nothing else yet: what verifyWhileAppending met. */
        AT_THE_HEADER_WORD,
        /** Half of the store header written. */
        IN_THE_STORE_HEADER,
        /** The store header written, the index2index half (its header word still zero). */
        IN_THE_INDEX2INDEX,
        /** The index2index complete, the first index begun. */
        IN_THE_FIRST_INDEX,
        /** Both indexes complete; publishing the header word was all that was left. */
        BEFORE_PUBLISHING
    }

    /** The bytes of the cycle file as Chronicle left them when stopped there. */
    private byte[] creationStoppedAt(Stopped at) {
        long upTo = switch (at) {
            case AT_THE_HEADER_WORD -> 4;
            case IN_THE_STORE_HEADER -> 4 + (real.index2index() - 4) / 2;
            case IN_THE_INDEX2INDEX -> real.index2index() + 4 + (real.index() - real.index2index()) / 2;
            case IN_THE_FIRST_INDEX -> real.index() + 4 + 1000;
            case BEFORE_PUBLISHING -> real.firstEntry();
        };
        byte[] b = Arrays.copyOf(Arrays.copyOf(real.bytes(), (int) upTo), real.bytes().length);
        putInt(b, 0, QueueFile.NOT_COMPLETE);
        if (at == Stopped.IN_THE_INDEX2INDEX) {
            putInt(b, (int) real.index2index(), 0); // Chronicle writes an excerpt's header word last
        }
        if (at == Stopped.IN_THE_FIRST_INDEX) {
            putInt(b, (int) real.index(), 0);
        }
        return b;
    }

    /** A journal whose writer opened it at {@code NOON} and was killed before its first entry was complete. */
    private Path killedBeforeTheFirstEntry() {
        Crash.abandon(SessionJournal.open(root, S, () -> NOON));
        return root.resolve(S).resolve(CycleFiles.fileName(CYCLE));
    }

    private void writeFile(Path file, long size, byte[] start) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size); // sparse, as Chronicle sizes it before it writes a byte
            raf.write(start);
        }
    }

    private static void putInt(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** The next writer opens it, appends one entry and closes it: the journal is sealed and intact. */
    private void nextWriterCarriesOn(long clock, long expectedLastSeq) {
        try (SessionJournal j = SessionJournal.open(root, S, () -> clock)) {
            assertThat(j.lastSeq()).isEqualTo(expectedLastSeq);
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\",\"after\":\"crash\"}".getBytes(StandardCharsets.UTF_8));
        }
        Result after = JournalVerifier.verify(root, S);
        assertThat(after.status()).as(after.describe()).isEqualTo(Status.SEALED);
        assertThat(after.entries()).isEqualTo(expectedLastSeq + 2);
    }

    @ParameterizedTest(name = "stopped {0}")
    @EnumSource(Stopped.class)
    @DisplayName("A writer killed while Chronicle created its first cycle file left a torn tail, not tampering; the next writer removes that file and starts the journal")
    void killedCreatingTheFirstCycleFile(Stopped at) throws Exception {
        Path cq4 = killedBeforeTheFirstEntry();
        byte[] bytes = creationStoppedAt(at);
        writeFile(cq4, real.fileSize(), bytes);

        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TORN_TAIL);
        assertThat(r.describe()).contains("at offset 0 of " + cq4.getFileName(), "a cycle file Chronicle was still creating",
                "no entry was written before it");

        nextWriterCarriesOn(NOON, 0);
        try (QueueFile f = QueueFile.open(cq4)) {
            assertThat(f.at(0).word()).as("Chronicle made the file again and published its header").isEqualTo(real.headerWord());
        }
    }

    @Test
    @DisplayName("A cycle file Chronicle created and never wrote (0 bytes, or only zeros) is an empty journal, and the next writer starts it")
    void killedBeforeChronicleWroteAByte() throws Exception {
        Path cq4 = killedBeforeTheFirstEntry();
        Files.createFile(cq4);
        Result empty = JournalVerifier.verify(root, S);
        assertThat(empty.status()).as(empty.describe()).isEqualTo(Status.UNSEALED);
        assertThat(empty.describe()).contains("empty: no entry was ever written");

        writeFile(cq4, real.fileSize(), new byte[0]);
        Result zeros = JournalVerifier.verify(root, S);
        assertThat(zeros.status()).as(zeros.describe()).isEqualTo(Status.UNSEALED);
        nextWriterCarriesOn(NOON, 0);
    }

    @Test
    @DisplayName("The header word of a journal's cycle file set back to incomplete hides every entry from a tailer, but its entries follow: tampered at seq 1")
    void headerWordFlaggedIncompleteOverEntries() throws Exception {
        Path dir = DemoJournal.write(root);
        Path cq4 = DemoJournal.cycleFile(dir);
        DemoJournal.writeIntLE(cq4, 0, QueueFile.NOT_COMPLETE);
        Result r = JournalVerifier.verify(root, DemoJournal.SESSION);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(1);
        assertThat(r.describe()).contains(cq4.getFileName().toString(), "flagged incomplete");
    }

    @Test
    @DisplayName("Bytes beyond what Chronicle writes while creating a cycle file are not a creation stopped half way: tampered")
    void dataAfterAnUnfinishedCreation() throws Exception {
        Path cq4 = killedBeforeTheFirstEntry();
        byte[] bytes = creationStoppedAt(Stopped.BEFORE_PUBLISHING);
        writeFile(cq4, real.fileSize(), bytes);
        DemoJournal.writeBytes(cq4, real.firstEntry() + 4, "an entry hidden behind the flag".getBytes(StandardCharsets.US_ASCII));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.describe()).contains(cq4.getFileName().toString());
    }

    /** A journal of {@code n} entries at NOON of day CYCLE whose writer was killed just after Chronicle wrote the roll mark. */
    private Path killedAtTheRoll(int n) throws Exception {
        SessionJournal j = SessionJournal.open(root, S, () -> NOON);
        for (int i = 1; i <= n; i++) {
            j.append(EntryKind.FRAME_RECEIVED, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        Crash.abandon(j);
        Path today = root.resolve(S).resolve(CycleFiles.fileName(CYCLE));
        DemoJournal.At last = DemoJournal.entry(today, n);
        DemoJournal.writeBytes(today, last.end(), rollMark());
        return today;
    }

    /** The roll mark as Chronicle writes it at the end of a day's file, taken from a journal that rolled. */
    private byte[] rollMark() throws IOException {
        long[] now = {NOON};
        try (SessionJournal j = SessionJournal.open(scratch, "rolled", () -> now[0])) {
            j.append(EntryKind.FRAME_RECEIVED, "{}".getBytes(StandardCharsets.UTF_8));
            now[0] += DAY;
            j.append(EntryKind.FRAME_RECEIVED, "{}".getBytes(StandardCharsets.UTF_8));
        }
        Path first = scratch.resolve("rolled").resolve(CycleFiles.fileName(CYCLE));
        long end = DemoJournal.entry(first, 1).end();
        try (QueueFile f = QueueFile.open(first)) {
            assertThat(f.at(end).type()).isEqualTo(QueueFile.Type.ROLLED);
            return f.bytes(end, (int) (f.lastNonZero(end, f.size) + 1 - end));
        }
    }

    @Test
    @DisplayName("A writer killed after Chronicle marked the day's file rolled but before it created the next one: unsealed, not a missing file; the next writer goes on in a new file")
    void killedBetweenTheRollMarkAndTheNextFile() throws Exception {
        Path today = killedAtTheRoll(5);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.describe()).contains("the last entry is seq 5", "it had just closed " + today.getFileName() + " for the day");
        nextWriterCarriesOn(NOON + DAY, 6);
        assertThat(cycleFiles()).containsExactly(CycleFiles.fileName(CYCLE), CycleFiles.fileName(CYCLE + 1));
    }

    @Test
    @DisplayName("A writer killed while Chronicle created the next day's file: a torn tail after the last entry; the next writer, days later, removes that file and goes on")
    void killedCreatingTheNextDaysFile() throws Exception {
        killedAtTheRoll(5);
        Path tomorrow = root.resolve(S).resolve(CycleFiles.fileName(CYCLE + 1));
        writeFile(tomorrow, real.fileSize(), creationStoppedAt(Stopped.IN_THE_INDEX2INDEX));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TORN_TAIL);
        assertThat(r.describe()).contains("the write after seq 5 was interrupted", "at offset 0 of " + tomorrow.getFileName(),
                "still creating", "entries 1-5 are intact");

        nextWriterCarriesOn(NOON + 3 * DAY, 6);
        assertThat(cycleFiles()).containsExactly(CycleFiles.fileName(CYCLE), CycleFiles.fileName(CYCLE + 3));
        JournalRecord.RecordingResumed resumed = JournalRecord.Codec.decode(RecordedEntries.all(root, S).get(5).payload(),
                JournalRecord.RecordingResumed.class);
        assertThat(resumed.found()).isEqualTo("torn tail");
        assertThat(resumed.tornFile()).isEqualTo(tomorrow.getFileName().toString());
        assertThat(resumed.tornOffset()).isZero();
    }

    @Test
    @DisplayName("A cycle file Chronicle never finished creating, with a later cycle file after it, is not a crash: tampered")
    void unfinishedFileInTheMiddle() throws Exception {
        killedAtTheRoll(5);
        writeFile(root.resolve(S).resolve(CycleFiles.fileName(CYCLE + 1)), real.fileSize(), creationStoppedAt(Stopped.AT_THE_HEADER_WORD));
        Files.copy(DemoJournal.cycleFile(scratch.resolve("c")), root.resolve(S).resolve(CycleFiles.fileName(CYCLE + 2)));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.describe()).contains(CycleFiles.fileName(CYCLE + 1));
    }

    @Test
    @DisplayName("A writer killed while Chronicle created metadata.cq4t: an empty journal, and the next writer opens it (Chronicle alone would wait, then fail)")
    void killedCreatingTheMetadata() throws Exception {
        Path dir = root.resolve(S);
        Files.createDirectories(dir);
        Files.createFile(dir.resolve(WriterLock.FILE));
        byte[] header = new byte[4];
        putInt(header, 0, QueueFile.NOT_COMPLETE);
        writeFile(dir.resolve(JournalFiles.METADATA_FILE), 65536, header);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.describe()).contains("empty: no entry was ever written");
        nextWriterCarriesOn(NOON, 0);
    }

    @Test
    @DisplayName("A writer killed after taking writer.lock, before Chronicle made any file: an empty journal, not data gone")
    void killedBeforeChronicleMadeAnyFile() throws Exception {
        Path dir = root.resolve(S);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(WriterLock.FILE), "12345\n");
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.describe()).contains("empty: no entry was ever written", "only writer.lock");
        nextWriterCarriesOn(NOON, 0);
    }

    @Test
    @DisplayName("A new journal's directory appears with its writer.lock already in it, and nothing is left beside it")
    void directoryAppearsWithItsLock() throws Exception {
        try (SessionJournal j = SessionJournal.open(root, S, () -> NOON)) {
            assertThat(root.resolve(S).resolve(WriterLock.FILE)).exists();
            try (Stream<Path> beside = Files.list(root)) {
                assertThat(beside.map(p -> p.getFileName().toString())).containsExactly(S);
            }
        }
        try (SessionJournal j = SessionJournal.open(root, S, () -> NOON)) {
            assertThat(j.lastSeq()).isZero();
        }
    }

    private List<String> cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(S))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cq4")).sorted().toList();
        }
    }
}
