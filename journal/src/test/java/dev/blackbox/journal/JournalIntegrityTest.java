package dev.blackbox.journal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalIntegrityTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("Flipping one byte of a stored payload on disk makes verify fail and name that entry")
    void tamperDetected() throws Exception {
        try (SessionJournal journal = SessionJournal.open(root, "tamper")) {
            for (int i = 1; i <= 20; i++) {
                String marker = i == 13 ? "MARKER-THIRTEEN" : "frame-" + i;
                journal.append(EntryKind.FRAME_RECEIVED, ("{\"text\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(JournalVerifier.verify(root, "tamper").ok()).isTrue();

        Path cq4;
        try (Stream<Path> files = Files.list(root.resolve("tamper"))) {
            cq4 = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] marker = "MARKER-THIRTEEN".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile raf = new RandomAccessFile(cq4.toFile(), "rw")) {
            long at = indexOf(raf, marker);
            assertThat(at).as("marker found in the queue file").isPositive();
            raf.seek(at);
            raf.write('N'); // M -> N
        }

        JournalVerifier.Result result = JournalVerifier.verify(root, "tamper");
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(13);
        assertThat(result.problem()).contains("hash mismatch");
        assertThat(result.entries()).isEqualTo(12);
    }

    private static long indexOf(RandomAccessFile raf, byte[] needle) throws Exception {
        byte[] all = new byte[(int) Math.min(raf.length(), 4 << 20)];
        raf.seek(0);
        raf.readFully(all);
        outer:
        for (int i = 0; i <= all.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (all[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    @DisplayName("After SIGKILL of a writer every acknowledged entry is there, the chain verifies, and a new writer continues")
    void crashLosesNothingAcknowledged() throws Exception {
        Process child = ChildJvm.start(AppendForever.class, root.toString(), "crash");
        long lastAcked = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("OPEN 0");
            // while the child holds the journal, nobody else may write to it
            assertThatThrownBy(() -> SessionJournal.open(root, "crash"))
                    .hasMessageContaining("already being recorded by another writer (pid " + child.pid() + ")");
            String line;
            while ((line = out.readLine()) != null) {
                lastAcked = Long.parseLong(line);
                if (lastAcked >= 20_000) {
                    // SIGKILL via kill(1): Process.destroyForcibly would also close our end of its stdout
                    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
                    break;
                }
            }
            child.waitFor(30, TimeUnit.SECONDS);
            while ((line = out.readLine()) != null) {
                lastAcked = Long.parseLong(line); // acknowledged before the kill landed
            }
        }
        assertThat(child.isAlive()).isFalse();

        JournalVerifier.Result result = JournalVerifier.verify(root, "crash");
        assertThat(result.status()).as(result.describe()).isIn(JournalVerifier.Status.UNSEALED, JournalVerifier.Status.TORN_TAIL);
        assertThat(result.entries()).isGreaterThanOrEqualTo(lastAcked);

        try (SessionJournal journal = SessionJournal.open(root, "crash")) {
            assertThat(journal.lastSeq()).as("RECORDING_RESUMED after the last good entry").isEqualTo(result.entries() + 1);
            long next = journal.append(new JournalRecord.RecordingStopped("test over"));
            assertThat(next).isEqualTo(result.entries() + 2);
        }
        JournalVerifier.Result after = JournalVerifier.verify(root, "crash");
        assertThat(after.status()).as(after.describe()).isEqualTo(JournalVerifier.Status.SEALED);
    }

    @Test
    @DisplayName("A second JVM following the journal sees every entry in order while the first appends")
    void followFromAnotherProcess() throws Exception {
        try (SessionJournal journal = SessionJournal.open(root, "follow")) {
            journal.append(EntryKind.FRAME_RECEIVED, "{\"n\":0}".getBytes(StandardCharsets.UTF_8));
            Process child = ChildJvm.start(FollowJournal.class, root.toString(), "follow");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("READY");
                for (int i = 1; i < 5000; i++) {
                    journal.append(EntryKind.FRAME_RECEIVED, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                }
                journal.append(new JournalRecord.RecordingStopped("test over"));
                List<String> seen = new ArrayList<>();
                String line;
                while ((line = out.readLine()) != null) {
                    seen.add(line);
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(seen).hasSize(5001);
                for (int i = 0; i < 5000; i++) {
                    assertThat(seen.get(i)).isEqualTo((i + 1) + " FRAME_RECEIVED");
                }
                assertThat(seen.get(5000)).isEqualTo("5001 RECORDING_STOPPED");
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("A seq gap is reported as such by verify")
    void gapDetected() throws Exception {
        // A forged journal: a writer whose counter skips one, as a deletion would leave it.
        try (SessionJournal journal = SessionJournal.open(root, "gap")) {
            journal.append(EntryKind.FRAME_RECEIVED, new byte[]{1});
            java.lang.reflect.Field f = SessionJournal.class.getDeclaredField("lastSeq");
            f.setAccessible(true);
            f.setLong(journal, 5);
            journal.append(EntryKind.FRAME_RECEIVED, new byte[]{2});
        }
        JournalVerifier.Result result = JournalVerifier.verify(root, "gap");
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(2);
        assertThat(result.problem()).contains("seq gap: expected seq 2 but found 6");
    }

    @Test
    @DisplayName("Past a million entries Chronicle writes a new index among the data; verify accounts for it and the chain is intact")
    void millionEntries() throws Exception {
        byte[] frame = "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8);
        try (SessionJournal journal = SessionJournal.open(root, "big")) {
            for (int i = 0; i < 1_100_000; i++) {
                journal.append(EntryKind.FRAME_RECEIVED, frame);
            }
        }
        long indexes = 0;
        try (QueueFile f = QueueFile.open(DemoJournal.cycleFile(root.resolve("big")))) {
            for (long pos = 0; ; ) {
                QueueFile.Excerpt x = f.at(pos);
                if (x.type() == QueueFile.Type.META && "index".equals(QueueFile.metaName(f.body(x)))) {
                    indexes++;
                } else if (x.type() != QueueFile.Type.DATA && x.type() != QueueFile.Type.META) {
                    break;
                }
                pos = x.next();
            }
        }
        assertThat(indexes).as("index excerpts: one at the start, one after 2^20 entries").isEqualTo(2);
        JournalVerifier.Result result = JournalVerifier.verify(root, "big");
        assertThat(result.status()).as(result.describe()).isEqualTo(JournalVerifier.Status.SEALED);
        assertThat(result.entries()).isEqualTo(1_100_001);
    }

    @Test
    @DisplayName("A writer starting while a verify in another process probes writer.lock is not refused: it waits out the probe")
    void writerStartsDuringAProbe() throws Exception {
        try (SessionJournal journal = SessionJournal.open(root, "probed")) {
            journal.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
            Crash.abandon(journal);
        }
        Process probe = ChildJvm.start(ProbeLock.class, root.resolve("probed").toString(), "200");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("LOCKED");
            try (SessionJournal journal = SessionJournal.open(root, "probed")) {
                assertThat(journal.lastSeq()).as("RECORDING_RESUMED after seq 1").isEqualTo(2);
            }
            assertThat(out.readLine()).isEqualTo("RELEASED");
        } finally {
            probe.destroyForcibly();
        }
        assertThat(JournalVerifier.verify(root, "probed").status()).isEqualTo(JournalVerifier.Status.SEALED);
    }

    @Test
    @DisplayName("verify while another process appends flat out: live every time, never tampered, and it leaves the writer alone")
    void verifyWhileAppending() throws Exception {
        Process child = ChildJvm.start(AppendForever.class, root.toString(), "busy");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("OPEN 0");
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // the child's acknowledgements: not needed here
                    }
                } catch (java.io.IOException ignored) {
                    // the child was killed
                }
            });
            drain.start();
            for (int i = 0; i < 6; i++) { // each walks the whole growing journal: a handful is enough to meet the writer mid-append
                JournalVerifier.Result r = JournalVerifier.verify(root, "busy");
                assertThat(r.status()).as(r.describe()).isEqualTo(JournalVerifier.Status.LIVE);
                assertThat(r.describe()).contains("pid " + child.pid());
            }
            assertThat(child.isAlive()).as("the writer kept its lock and kept going").isTrue();
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            child.waitFor(30, TimeUnit.SECONDS);
            drain.join();
        } finally {
            child.destroyForcibly();
        }
        JournalVerifier.Result after = JournalVerifier.verify(root, "busy");
        assertThat(after.status()).as(after.describe()).isIn(JournalVerifier.Status.UNSEALED, JournalVerifier.Status.TORN_TAIL);
    }
}
