package dev.blackbox.recorder.session;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For benchmarks only: with {@code -Dblackbox.appendLatencyLog=DIR} every journal append of a session is
 * timed ({@code System.nanoTime()} around it) into an HdrHistogram, written as an interval log (one
 * interval a second, HdrHistogram's {@code HistogramLogWriter} format) to {@code DIR/<session>.hlog}, so a
 * benchmark can take the latency of the appends made under load and leave out the warm-up. Off by
 * default; off, {@link #forSession} returns null and the writer's only cost is a null check.
 */
final class AppendLatencyLog {

    static final String PROPERTY = "blackbox.appendLatencyLog";
    private static final String DIR = System.getProperty(PROPERTY);
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final HistogramLogWriter log;
    private final PrintStream out;
    // two significant digits (1 %): ~20 KB a session, so a thousand sessions do not weigh on the heap they measure
    private final Histogram interval = new Histogram(60_000_000_000L, 2);
    private long intervalStartNanos;
    private long intervalStartMillis;

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
