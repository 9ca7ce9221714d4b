package dev.blackbox.replay.play;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.ChildJvm;
import dev.blackbox.replay.fixture.RecordSlowly;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.TranscriptOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FollowTest {

    @TempDir
    Path root;

    /** A thread-safe sink the test can peek at while the follower writes. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized byte[] raw() {
            return bytes.toByteArray();
        }
    }

    @Test
    @DisplayName("--follow shows frames that a recorder in another process appends, and ends when the recording stops")
    void followsAnotherProcess() throws Exception {
        String id = "session_followed";
        Process recorder = ChildJvm.start(List.of(), RecordSlowly.class, root.toString(), id);
        try {
            BufferedReader childOut = new BufferedReader(new InputStreamReader(recorder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(childOut.readLine()).isEqualTo("READY");

            Sink text = new Sink();
            Sink jsonl = new Sink();
            CompletableFuture<Long> textFollower = follow(id, Format.TEXT, text);
            CompletableFuture<Long> jsonlFollower = follow(id, Format.JSONL, jsonl);
            await().atMost(Duration.ofSeconds(10)).until(() -> text.text().contains("connected (attempt 1)"));
            assertThat(text.text()).doesNotContain("Bash");

            PrintWriter childIn = new PrintWriter(recorder.getOutputStream(), true, StandardCharsets.UTF_8);
            childIn.println("GO");
            assertThat(childOut.readLine()).isEqualTo("DONE");

            // 15 entries up to RECORDING_STOPPED; the seal after it may or may not have been written yet
            assertThat(textFollower.get(20, TimeUnit.SECONDS)).isBetween(15L, 16L);
            assertThat(jsonlFollower.get(20, TimeUnit.SECONDS)).isBetween(15L, 16L);
            assertThat(text.text()).contains("Bash asks for permission", "Bash allowed by alice via cli after 2.5 s",
                    "turn ended: success", "recording stopped: session ended");
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            try (JournalReader reader = JournalReader.open(root, id)) {
                for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                    if (e.kind() == dev.blackbox.journal.EntryKind.FRAME_RECEIVED) {
                        frames.write(e.payload());
                        frames.write('\n');
                    }
                }
            }
            assertThat(jsonl.raw()).isEqualTo(frames.toByteArray());
        } finally {
            recorder.destroyForcibly();
            recorder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("A recording stopped and resumed does not end --follow; the stop at the end of the journal does")
    void resumedRecording() throws Exception {
        String id = "session_resumed";
        try (dev.blackbox.replay.fixture.JournalFixture f = dev.blackbox.replay.fixture.JournalFixture.create(root, id)) {
            f.started().connect(1).stopped("recorder restarted").started().connect(1);
            Sink text = new Sink();
            CompletableFuture<Long> follower = follow(id, Format.TEXT, text);
            await().atMost(Duration.ofSeconds(10)).until(() -> text.text().split("connected \\(attempt 1\\)").length == 3);
            assertThat(follower).isNotDone();
            f.advanceMillis(100).received("{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"still here\"}]}}");
            f.stopped("session ended");
            assertThat(follower.get(10, TimeUnit.SECONDS)).isEqualTo(9);
            assertThat(text.text()).contains("recording stopped: recorder restarted", "still here",
                    "recording stopped: session ended");
        }
    }

    private CompletableFuture<Long> follow(String id, Format format, OutputStream out) {
        ReplayJob job = new ReplayJob(root, id, format, TranscriptOptions.defaults(), null, null, null, null, true);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return job.run(out, ReplayJob.ProgressFactory.NONE, EntrySource.Waiter.BACKOFF, Player.Clock.SYSTEM);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
