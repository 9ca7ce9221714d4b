package dev.blackbox.journal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionJournalTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("Payloads come back byte for byte: JSON, non-JSON, invalid UTF-8, empty and 16 MiB")
    void roundTrip() {
        byte[] json = "{\"type\":\"assistant\",\"message\":{\"content\":[]}}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "this is {not json".getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3};
        byte[] empty = new byte[0];
        byte[] huge = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(huge);
        List<byte[]> payloads = List.of(json, notJson, invalidUtf8, empty, huge);

        try (SessionJournal journal = SessionJournal.open(root, "session_roundtrip")) {
            for (byte[] p : payloads) {
                journal.append(EntryKind.FRAME_RECEIVED, p);
            }
            assertThat(journal.lastSeq()).isEqualTo(5);
        }

        try (JournalReader reader = JournalReader.open(root, "session_roundtrip")) {
            for (int i = 0; i < payloads.size(); i++) {
                JournalEntry e = reader.next();
                assertThat(e.seq()).isEqualTo(i + 1);
                assertThat(e.kind()).isEqualTo(EntryKind.FRAME_RECEIVED);
                assertThat(e.payload()).isEqualTo(payloads.get(i));
            }
            assertThat(reader.next().kind()).as("the seal close() wrote").isEqualTo(EntryKind.CHECKPOINT);
            assertThat(reader.next()).isNull();
        }
        assertThat(JournalVerifier.verify(root, "session_roundtrip").status()).isEqualTo(JournalVerifier.Status.SEALED);
    }

    @Test
    @DisplayName("A reopened sealed journal continues the sequence and the hash chain, and is sealed again on close")
    void reopenContinues() {
        try (SessionJournal journal = SessionJournal.open(root, "s1")) {
            journal.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, "s1", "org", "http://x", false, "t", "h", "persistent"));
            journal.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
        }
        try (SessionJournal journal = SessionJournal.open(root, "s1")) {
            assertThat(journal.lastSeq()).as("2 entries and the seal").isEqualTo(3);
            assertThat(journal.append(new JournalRecord.RecordingStopped("done"))).isEqualTo(4);
        }
        JournalVerifier.Result result = JournalVerifier.verify(root, "s1");
        assertThat(result.status()).as(result.describe()).isEqualTo(JournalVerifier.Status.SEALED);
        assertThat(result.entries()).isEqualTo(5);
        assertThat(RecordedEntries.kinds(root, "s1")).containsExactly(EntryKind.RECORDING_STARTED, EntryKind.FRAME_RECEIVED,
                EntryKind.CHECKPOINT, EntryKind.RECORDING_STOPPED, EntryKind.CHECKPOINT);
    }

    @Test
    @DisplayName("Reading from a seq starts exactly there")
    void seek() {
        try (SessionJournal journal = SessionJournal.open(root, "s2")) {
            for (int i = 0; i < 100; i++) {
                journal.append(EntryKind.FRAME_RECEIVED, ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
        }
        try (JournalReader reader = JournalReader.open(root, "s2").seek(42)) {
            assertThat(reader.next().seq()).isEqualTo(42);
            assertThat(reader.next().seq()).isEqualTo(43);
        }
        try (JournalReader reader = JournalReader.open(root, "s2").seek(1000)) {
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    @DisplayName("Journal directories are owner-only (0700) and files 0600")
    void permissions() throws Exception {
        try (SessionJournal journal = SessionJournal.open(root.resolve("nested"), "s3")) {
            journal.append(EntryKind.FRAME_RECEIVED, "{}".getBytes(StandardCharsets.UTF_8));
            Path dir = journal.directory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("nested")))).isEqualTo("rwx------");
            List<String> files = new ArrayList<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.forEach(f -> files.add(f.getFileName() + "=" + perms(f)));
            }
            assertThat(files).isNotEmpty().allMatch(s -> s.endsWith("=rw-------"));
        }
    }

    private static String perms(Path f) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    @DisplayName("A second writer on the same session is refused with a clear message")
    void secondWriterRefused() {
        try (SessionJournal first = SessionJournal.open(root, "s4")) {
            first.append(EntryKind.FRAME_RECEIVED, "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> SessionJournal.open(root, "s4"))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining("session s4 is already being recorded by another writer");
        }
        try (SessionJournal again = SessionJournal.open(root, "s4")) {
            assertThat(again.lastSeq()).as("the entry and the seal").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Session ids that are not safe as directory names are rejected before touching disk")
    void invalidSessionId() {
        assertThatThrownBy(() -> SessionJournal.open(root, "../etc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid session id");
    }

    @Test
    @DisplayName("The catalog lists sessions with first/last timestamps and entry counts (the seal included)")
    void catalog() {
        long[] clock = {1_000_000};
        try (SessionJournal a = SessionJournal.open(root, "a", () -> clock[0])) {
            a.append(EntryKind.FRAME_RECEIVED, new byte[]{1});
            clock[0] = 1_000_010;
            a.append(EntryKind.FRAME_RECEIVED, new byte[]{2});
            clock[0] = 1_000_020;
        }
        clock[0] = 1_000_030;
        try (SessionJournal b = SessionJournal.open(root, "b", () -> clock[0])) {
            b.append(EntryKind.FRAME_RECEIVED, new byte[]{1});
        }
        List<JournalCatalog.SessionSummary> list = JournalCatalog.list(root);
        assertThat(list).containsExactly(
                new JournalCatalog.SessionSummary("a", 1_000_000, 1_000_020, 3),
                new JournalCatalog.SessionSummary("b", 1_000_030, 1_000_030, 2));
    }
}
