package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * What one ingest variant measured over the measured session.
 *
 * @param wallNanos   first frame to last frame, minus the bench's own heap-sampling pauses
 * @param cpuNanos    CPU time of the consumer's event-loop thread over the session
 * @param jvmCpuNanos CPU time of the whole bench JVM over the session (GC and JIT threads too)
 * @param appendNanos the probe's append latencies; null for the other variants
 * @param heap        used heap after a full GC at points of the session; empty unless sampled
 */
record IngestResult(String variant, long frames, long bytes, long wallNanos, long cpuNanos, long jvmCpuNanos,
                    Histogram appendNanos, List<HeapSample> heap) {

    /**
     * Used heap after {@code System.gc()} once {@code frames} frames had been consumed; the GC took
     * {@code pauseNanos} of wall time and {@code cpuNanos} of this JVM's CPU.
     */
    record HeapSample(String label, long frames, long usedBytes, long pauseNanos, long cpuNanos) {
    }

    double framesPerSecond() {
        return frames * 1e9 / wallNanos;
    }

    double megabytesPerSecond() {
        return bytes * 1e9 / wallNanos / 1e6;
    }

    /** CPU of the consumer thread per frame, in microseconds. */
    double cpuMicrosPerFrame() {
        return cpuNanos / 1e3 / frames;
    }

    /** CPU of the whole consumer JVM per frame, in microseconds: adds the garbage collector's share. */
    double jvmCpuMicrosPerFrame() {
        return jvmCpuNanos / 1e3 / frames;
    }

    /** Share of the wall time the consumer thread was on a CPU: below 1, it waited for frames. */
    double busy() {
        return (double) cpuNanos / wallNanos;
    }

    /** Frames per second one core could take if frames came as fast as it can consume them. */
    double capacityPerCore() {
        return frames * 1e9 / cpuNanos;
    }
}
