package dev.blackbox.replay.play;

import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.TranscriptOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Everything {@code blackbox replay} does once its options are parsed: open the session between the
 * bounds, render it in a format, timed or not, following or not.
 *
 * @param speed     playback speed, or null for no timing (unless an idle limit is given: then 1)
 * @param idleLimit longest pause in seconds during timed playback, or null for none
 */
public record ReplayJob(Path root, String sessionId, Format format, TranscriptOptions options, Bound from, Bound to,
                        Double speed, Double idleLimit, boolean follow) {

    public boolean timed() {
        return speed != null || idleLimit != null;
    }

    /** Plays the session into {@code out}; returns the number of entries read. */
    public long run(OutputStream out, ProgressFactory progress, EntrySource.Waiter waiter, Player.Clock clock)
            throws IOException, InterruptedException {
        try (EntrySource source = EntrySource.open(root, sessionId, from, to, follow, waiter)) {
            return play(source, out, progress, clock);
        }
    }

    /** Plays entries of any source (a journal on another node) between this job's bounds, as {@link #run} does. */
    public long run(Entries entries, OutputStream out, ProgressFactory progress, EntrySource.Waiter waiter, Player.Clock clock)
            throws IOException, InterruptedException {
        try (EntrySource source = EntrySource.over(entries, from, to, follow, waiter)) {
            return play(source, out, progress, clock);
        }
    }

    private long play(EntrySource source, OutputStream out, ProgressFactory progress, Player.Clock clock)
            throws IOException, InterruptedException {
        Pacer pacer = timed() ? new Pacer(speed == null ? 1 : speed, idleLimit == null ? 0 : idleLimit) : null;
        Progress p = follow || timed() ? Progress.NONE : progress.forTotal(source.lastSeqAtOpen());
        return new Player(source, format.open(out, options), pacer, follow, p, clock).play();
    }

    /** Makes the progress bar once the size of the job is known. */
    public interface ProgressFactory {
        Progress forTotal(long lastSeq);

        ProgressFactory NONE = total -> Progress.NONE;
    }
}
