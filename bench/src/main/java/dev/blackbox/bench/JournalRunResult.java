package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one contender did in one run: the timed append phase, its per-append latencies (overall and
 * per {@link FrameCorpus#SIZE_BUCKETS size range}), and the two read passes (the first read right
 * after writing, then a re-read of the same files).
 */
record JournalRunResult(JournalContender contender, long appends, long payloadBytes, long appendNanos,
                        Histogram appendLatencyNanos, List<Histogram> appendLatencyNanosBySize,
                        long readNanos, long rereadNanos) {

    double appendsPerSecond() {
        return appends * 1e9 / appendNanos;
    }

    double appendMegabytesPerSecond() {
        return payloadBytes * 1e3 / appendNanos;
    }

    /** Mean time inside one append (from the latency histogram: no loop overhead, no pacing). */
    double meanAppendNanos() {
        return appendLatencyNanos.getMean();
    }

    double readsPerSecond() {
        return appends * 1e9 / readNanos;
    }

    double readMegabytesPerSecond() {
        return payloadBytes * 1e3 / readNanos;
    }

    double rereadsPerSecond() {
        return appends * 1e9 / rereadNanos;
    }

    double latencyMicros(double percentile) {
        return appendLatencyNanos.getValueAtPercentile(percentile) / 1e3;
    }

    double maxLatencyMicros() {
        return appendLatencyNanos.getMaxValue() / 1e3;
    }

    double latencyMicros(int sizeBucket, double percentile) {
        return appendLatencyNanosBySize.get(sizeBucket).getValueAtPercentile(percentile) / 1e3;
    }
}
