package dev.blackbox.replay.play;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.transcript.Transcript;

import java.io.IOException;

/**
 * Streams a session's entries into a transcript: as fast as possible, or timed ({@link Pacer}) for
 * playback, flushing after every entry when someone is watching (timed or following).
 */
public final class Player {

    /** Sleeps until a {@link System#nanoTime()} deadline; tests replace it. */
    public interface Clock {
        long nanoTime();

        void sleepUntil(long nanoTime) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        };
    }

    private final EntrySource source;
    private final Transcript transcript;
    private final Pacer pacer;
    private final boolean flushEach;
    private final Progress progress;
    private final Clock clock;

    /** @param pacer null for no timing */
    public Player(EntrySource source, Transcript transcript, Pacer pacer, boolean flushEach, Progress progress, Clock clock) {
        this.source = source;
        this.transcript = transcript;
        this.pacer = pacer;
        this.flushEach = flushEach || pacer != null;
        this.progress = progress;
        this.clock = clock;
    }

    /** Plays to the end; returns the number of entries played. */
    public long play() throws IOException, InterruptedException {
        long start = clock.nanoTime();
        long n = 0;
        boolean begun = false;
        try {
            for (JournalEntry e = source.next(); e != null; e = source.next()) {
                if (!begun) {
                    // a followed session may have had no entry yet when it was opened
                    long first = source.firstTsMicros() != 0 ? source.firstTsMicros() : e.tsMicros();
                    transcript.begin(new Transcript.Header(source.sessionId(), first));
                    begun = true;
                }
                if (pacer != null) {
                    clock.sleepUntil(start + pacer.dueMicros(e.tsMicros()) * 1000);
                }
                transcript.entry(e);
                n++;
                if (flushEach) {
                    transcript.flush();
                }
                progress.at(e.seq());
            }
        } finally {
            progress.done();
            if (!begun) {
                transcript.begin(new Transcript.Header(source.sessionId(), source.firstTsMicros()));
            }
            transcript.end();
        }
        return n;
    }
}
