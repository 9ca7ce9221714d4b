package dev.blackbox.replay.play;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.TranscriptOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimedPlaybackTest {

    @TempDir
    Path root;

    /** A clock that never sleeps but remembers every deadline it was asked to wait for. */
    private static final class RecordingClock implements Player.Clock {
        final List<Long> deadlines = new ArrayList<>();

        @Override
        public long nanoTime() {
            return 1_000_000_000L;
        }

        @Override
        public void sleepUntil(long nanoTime) {
            deadlines.add(nanoTime - 1_000_000_000L);
        }
    }

    @Test
    @DisplayName("--speed 2 --idle-limit 10 waits for each entry half its recorded pause, the 95 s silence cut to 10 s")
    void waitsAsRecorded() throws Exception {
        String id = Sessions.ROUGH.write(root);
        List<Long> ts = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                ts.add(e.tsMicros());
            }
        }
        RecordingClock clock = new RecordingClock();
        ReplayJob job = new ReplayJob(root, id, Format.TEXT, TranscriptOptions.defaults(), null, null, 2.0, 10.0, false);
        job.run(OutputStream.nullOutputStream(), ReplayJob.ProgressFactory.NONE, EntrySource.Waiter.BACKOFF, clock);

        assertThat(clock.deadlines).hasSize(ts.size());
        long expected = 0;
        for (int i = 1; i < ts.size(); i++) {
            long pause = Math.min(ts.get(i) - ts.get(i - 1), 10_000_000L);
            expected += pause / 2;
            assertThat(clock.deadlines.get(i)).as("entry %d", i + 1).isCloseTo(expected * 1000, org.assertj.core.data.Offset.offset(1000L));
        }
        long total = (ts.get(ts.size() - 1) - ts.get(0)) * 1000;
        assertThat(clock.deadlines.get(ts.size() - 1)).isLessThan(total / 2); // the long silences were cut
    }

    @Test
    @DisplayName("Without --speed or --idle-limit the transcript is written at once, never waiting")
    void untimed() throws Exception {
        String id = Sessions.ALLOW.write(root);
        RecordingClock clock = new RecordingClock();
        new ReplayJob(root, id, Format.TEXT, TranscriptOptions.defaults(), null, null, null, null, false)
                .run(OutputStream.nullOutputStream(), ReplayJob.ProgressFactory.NONE, EntrySource.Waiter.BACKOFF, clock);
        assertThat(clock.deadlines).isEmpty();
    }
}
