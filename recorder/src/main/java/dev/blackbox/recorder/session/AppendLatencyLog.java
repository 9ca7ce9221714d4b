package dev.blackbox.recorder.session;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For benchmarks only: with {@code -Dblackbox.appendLatencyLog=DIR} the journal appends of a session are
 * timed ({@code System.nanoTime()} around them) into an HdrHistogram, written as an interval log (one
 * interval a second, HdrHistogram's {@code HistogramLogWriter} format) to {@code DIR/<session>.hlog}, so a
 * benchmark can take the latency of the appends made under load and leave out the warm-up. One append in
 * {@link #ONE_IN} (8), drawn at random, is timed: two clock reads per append would add ~5 % to the recorder's
 * CPU for small frames on a VM, and a uniform sample has the same percentiles. Off by default; off,
 * {@link #forSession} returns null and the writer's only cost is a null check.
 */
final class AppendLatencyLog {

    static final String PROPERTY = "blackbox.appendLatencyLog";
    private static final String DIR = System.getProperty(PROPERTY);
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    /** One append in this many is timed ({@code -Dblackbox.appendLatencyLog.oneIn}, a power of two, default 8). */
    static final int ONE_IN = Integer.highestOneBit(Math.max(1, Integer.getInteger(PROPERTY + ".oneIn", 8)));

    private final HistogramLogWriter log;
    private final PrintStream out;
    // two significant digits (1 %): ~20 KB a session, so a thousand sessions do not weigh on the heap they measure
    private final Histogram interval = new Histogram(60_000_000_000L, 2);
    private long intervalStartNanos;
    private long intervalStartMillis;
    private long random = System.nanoTime() | 1;

    private AppendLatencyLog(PrintStream out) {
        this.out = out;
        this.log = new HistogramLogWriter(out);
        log.outputLogFormatVersion();
        log.outputLegend();
        restart(System.nanoTime());
    }

    /** A log for this session when the property is set, otherwise null. */
    static AppendLatencyLog forSession(String sessionId) {
        if (DIR == null) {
            return null;
        }
        try {
            Files.createDirectories(Path.of(DIR));
            return new AppendLatencyLog(new PrintStream(Path.of(DIR, sessionId + ".hlog").toFile(), "US-ASCII"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the append latency log in " + DIR + ": " + e.getMessage(), e);
        }
    }

    /** Whether to time the next append (xorshift: a fresh draw for each append, nothing shared). */
    boolean sampleNext() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (random & (ONE_IN - 1)) == 0;
    }

    /** One append took {@code nanos}, ending at {@code endNanos}. */
    void record(long endNanos, long nanos) {
        if (endNanos - intervalStartNanos >= INTERVAL_NANOS) {
            flushInterval(endNanos);
        }
        interval.recordValue(Math.min(nanos, interval.getHighestTrackableValue()));
    }

    private void flushInterval(long nowNanos) {
        if (interval.getTotalCount() > 0) {
            interval.setStartTimeStamp(intervalStartMillis);
            interval.setEndTimeStamp(System.currentTimeMillis());
            log.outputIntervalHistogram(interval);
        }
        restart(nowNanos);
    }

    private void restart(long nowNanos) {
        interval.reset();
        intervalStartNanos = nowNanos;
        intervalStartMillis = System.currentTimeMillis();
    }

    /** Writes the last interval and closes the file. */
    void close() {
        flushInterval(System.nanoTime());
        out.close();
    }
}
