package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Result;
import dev.blackbox.journal.JournalVerifier.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Honest endings: a crash between two writes, an interrupted write, lost pages; and a writer that comes back. */
class TornTailTest {

    static final String S = "s";

    @TempDir
    Path root;

    /** A journal of {@code n} entries whose writer died without sealing it; returns its cycle file. */
    private Path crashedAfter(int n) throws Exception {
        SessionJournal j = SessionJournal.open(root, S);
        for (int i = 1; i <= n; i++) {
            j.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"assistant\",\"i\":" + i + ",\"text\":\"" + "y".repeat(i * 7) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        Crash.abandon(j);
        return DemoJournal.cycleFile(root.resolve(S));
    }

    /** The first bytes of entry {@code seq} as Chronicle leaves them when the writer dies mid-copy: no header word. */
    private static byte[] unfinishedEntry(long seq, int payloadLength, int written) {
        ByteBuffer b = ByteBuffer.allocate(written).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putLong(seq).putLong(System.currentTimeMillis() * 1000).put((byte) EntryKind.FRAME_RECEIVED.code())
                .putInt(payloadLength);
        while (b.hasRemaining()) {
            b.put((byte) 'z');
        }
        return b.array();
    }

    @Test
    @DisplayName("A writer killed between two appends leaves an unsealed journal that names its last entry")
    void unsealed() throws Exception {
        crashedAfter(10);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.UNSEALED);
        assertThat(r.describe()).contains("the last entry is seq 10 (FRAME_RECEIVED");
        assertThat(r.status().exitCode()).isEqualTo(4);
    }

    @Test
    @DisplayName("A write cut short by kill -9 is a torn tail, not tampering; the next writer discards it, says so, and the chain goes on")
    void killedMidWrite() throws Exception {
        Path cq4 = crashedAfter(10);
        DemoJournal.At last = DemoJournal.entry(cq4, 10);
        DemoJournal.writeBytes(cq4, last.end() + 4, unfinishedEntry(11, 20_000, 9_000));
        Result torn = JournalVerifier.verify(root, S);
        assertThat(torn.status()).as(torn.describe()).isEqualTo(Status.TORN_TAIL);
        assertThat(torn.describe()).contains("the write after seq 10 was interrupted", "9004 bytes at offset " + last.end(),
                cq4.getFileName().toString());
        assertThat(torn.status().exitCode()).isEqualTo(5);

        try (SessionJournal j = SessionJournal.open(root, S)) {
            assertThat(j.lastSeq()).isEqualTo(11);
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8)); // shorter than the torn one
        }
        List<JournalEntry> entries = RecordedEntries.all(root, S);
        JournalEntry resumed = entries.get(10);
        assertThat(resumed.kind()).isEqualTo(EntryKind.RECORDING_RESUMED);
        JournalRecord.RecordingResumed r = JournalRecord.Codec.decode(resumed.payload(), JournalRecord.RecordingResumed.class);
        assertThat(r.lastGoodSeq()).isEqualTo(10);
        assertThat(r.found()).isEqualTo("torn tail");
        assertThat(r.tornBytes()).isEqualTo(9004);
        assertThat(r.tornOffset()).isEqualTo(last.end());
        assertThat(r.tornFile()).isEqualTo(cq4.getFileName().toString());
        assertThat(r.tornSha256()).hasSize(64);
        Result after = JournalVerifier.verify(root, S);
        assertThat(after.status()).as(after.describe()).isEqualTo(Status.SEALED);
        assertThat(after.entries()).isEqualTo(13);
    }

    @Test
    @DisplayName("A header word flagged incomplete with nothing after it is a torn tail")
    void incompleteAtTheEnd() throws Exception {
        Path cq4 = crashedAfter(5);
        DemoJournal.At last = DemoJournal.entry(cq4, 5);
        byte[] body = unfinishedEntry(6, 100, 60);
        DemoJournal.writeBytes(cq4, last.end() + 4, body);
        DemoJournal.writeIntLE(cq4, last.end(), QueueFile.NOT_COMPLETE | (EntryCodec.OVERHEAD_BYTES + 100));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TORN_TAIL);
        try (SessionJournal j = SessionJournal.open(root, S)) {
            assertThat(j.lastSeq()).isEqualTo(6);
        }
        assertThat(JournalVerifier.verify(root, S).status()).isEqualTo(Status.SEALED);
    }

    @Test
    @DisplayName("An entry Chronicle completed whose last page never reached the disk (hash all zeros) is torn; the next writer voids it")
    void lostPages() throws Exception {
        Path cq4 = crashedAfter(8);
        DemoJournal.At last = DemoJournal.entry(cq4, 8);
        long bodyEnd = last.pos() + 4 + (last.word() & QueueFile.LENGTH_MASK);
        DemoJournal.writeBytes(cq4, bodyEnd - HashChain.HASH_BYTES, new byte[HashChain.HASH_BYTES]);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TORN_TAIL);
        assertThat(r.describe()).contains("the write after seq 7", "never reached the disk");

        try (SessionJournal j = SessionJournal.open(root, S)) {
            assertThat(j.lastSeq()).as("seq 8 is taken by RECORDING_RESUMED").isEqualTo(8);
        }
        List<JournalEntry> entries = RecordedEntries.all(root, S);
        assertThat(entries).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        JournalRecord.RecordingResumed resumed = JournalRecord.Codec.decode(entries.get(7).payload(), JournalRecord.RecordingResumed.class);
        assertThat(resumed.voided()).isTrue();
        assertThat(resumed.tornOffset()).isEqualTo(last.pos());
        Result after = JournalVerifier.verify(root, S);
        assertThat(after.status()).as(after.describe()).isEqualTo(Status.SEALED);
    }

    @Test
    @DisplayName("A void excerpt that no RECORDING_RESUMED accounts for is a blanked entry: tampered")
    void blankedEntry() throws Exception {
        Path cq4 = crashedAfter(8);
        DemoJournal.At e4 = DemoJournal.entry(cq4, 4);
        DemoJournal.writeBytes(cq4, e4.pos() + 4, new byte[(int) (e4.end() - e4.pos() - 4)]);
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(4);
    }

    @Test
    @DisplayName("Data beyond what an interrupted write could reach is not a torn write: verify says tampered and a writer refuses the journal")
    void dataBeyondATornWrite() throws Exception {
        Path cq4 = crashedAfter(5);
        DemoJournal.At last = DemoJournal.entry(cq4, 5);
        DemoJournal.writeBytes(cq4, last.end() + 4, unfinishedEntry(6, 100, 40));
        DemoJournal.writeBytes(cq4, last.end() + 4096, "more".getBytes(StandardCharsets.US_ASCII));
        Result r = JournalVerifier.verify(root, S);
        assertThat(r.status()).as(r.describe()).isEqualTo(Status.TAMPERED);
        assertThat(r.firstBadSeq()).isEqualTo(6);
        assertThatThrownBy(() -> SessionJournal.open(root, S))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("not continuing a journal that may have been tampered with");
        assertThat(JournalVerifier.verify(root, S).status()).as("the refused writer changed nothing").isEqualTo(Status.TAMPERED);
    }

    @Test
    @DisplayName("A journal opened and closed without an entry is empty, not tampered; an empty session directory is data gone")
    void emptyJournals() throws Exception {
        SessionJournal.open(root, "never").close();
        Result never = JournalVerifier.verify(root, "never");
        assertThat(never.status()).as(never.describe()).isEqualTo(Status.UNSEALED);
        assertThat(never.describe()).contains("empty: no entry was ever written");
        java.nio.file.Files.createDirectories(root.resolve("wiped"));
        Result wiped = JournalVerifier.verify(root, "wiped");
        assertThat(wiped.status()).as(wiped.describe()).isEqualTo(Status.TAMPERED);
        assertThat(wiped.describe()).contains("its directory is empty");
        assertThat(JournalCatalog.sessionDirs(root)).contains("never", "wiped");
    }
}
