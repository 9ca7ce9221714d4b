package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Prints the ingest results side by side, then the append latency, the heap, and the verdict on the targets. */
final class IngestReport {

    static final double RATIO_TARGET = 0.9;
    static final double APPEND_P99_TARGET_MICROS = 20;
    /** Heap growth from the 10% sample to the end that still counts as "does not grow". */
    static final long FLAT_HEAP_BYTES = 16L << 20;

    private final PrintStream out;

    IngestReport(PrintStream out) {
        this.out = out;
    }

    void print(List<IngestResult> results) {
        Optional<IngestResult> sink = find(results, IngestConsumers.NULL_SINK);
        Optional<IngestResult> recorder = find(results, IngestConsumers.RECORDER);
        Optional<IngestResult> probe = find(results, IngestConsumers.PROBE);

        out.printf("%-34s", "");
        results.forEach(r -> out.printf("%16s", r.variant()));
        out.println();
        row(results, "frames", r -> String.format("%,d", r.frames()));
        row(results, "MB (10^6 bytes)", r -> String.format("%,.0f", r.bytes() / 1e6));
        row(results, "mean frame, B", r -> String.format("%,.0f", (double) r.bytes() / r.frames()));
        row(results, "first to last frame, s", r -> String.format("%.2f", r.wallNanos() / 1e9));
        row(results, "frames/s", r -> String.format("%,.0f", r.framesPerSecond()));
        row(results, "MB/s", r -> String.format("%,.1f", r.megabytesPerSecond()));
        sink.ifPresent(s -> row(results, "frames/s vs null sink", r -> String.format("%.3f", r.framesPerSecond() / s.framesPerSecond())));
        row(results, "consumer thread CPU, us/frame", r -> String.format("%.2f", r.cpuMicrosPerFrame()));
        row(results, "consumer thread busy", r -> String.format("%.0f%%", 100 * r.busy()));
        row(results, "capacity of one core, frames/s", r -> String.format("%,.0f", r.capacityPerCore()));

        probe.ifPresent(p -> appendLatency(p.appendNanos()));
        recorder.filter(r -> !r.heap().isEmpty()).ifPresent(this::heap);
        targets(sink, recorder, probe);
    }

    private void row(List<IngestResult> results, String label, Function<IngestResult, String> cell) {
        out.printf("%-34s", label);
        results.forEach(r -> out.printf("%16s", cell.apply(r)));
        out.println();
    }

    private void appendLatency(Histogram h) {
        out.println();
        out.printf("journal append latency under load (probe, %,d appends, us): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f"
                        + "  p99.99 %.1f  max %.1f%n", h.getTotalCount(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9),
                us(h, 99.99), h.getMaxValue() / 1e3);
    }

    private void heap(IngestResult recorder) {
        out.println();
        out.print("recorder JVM used heap after System.gc():");
        recorder.heap().forEach(s -> out.printf("  %s (%,d frames) %,.2f MB;", s.label(), s.frames(), s.usedBytes() / 1048576.0));
        out.println();
    }

    private void targets(Optional<IngestResult> sink, Optional<IngestResult> recorder, Optional<IngestResult> probe) {
        out.println();
        if (sink.isPresent() && recorder.isPresent()) {
            double ratio = recorder.get().framesPerSecond() / sink.get().framesPerSecond();
            out.printf("target recorder/null-sink frames/s >= %.1f: %.3f -> %s%n", RATIO_TARGET, ratio,
                    ratio >= RATIO_TARGET ? "met" : "NOT met");
        }
        probe.ifPresent(p -> {
            double p99 = us(p.appendNanos(), 99);
            out.printf("target append p99 <= %.0f us under load: %.1f us -> %s%n", APPEND_P99_TARGET_MICROS, p99,
                    p99 <= APPEND_P99_TARGET_MICROS ? "met" : "NOT met");
        });
        recorder.filter(r -> r.heap().size() >= 3).ifPresent(r -> {
            List<IngestResult.HeapSample> heap = r.heap();
            IngestResult.HeapSample tenth = heap.get(1);
            IngestResult.HeapSample end = heap.get(heap.size() - 1);
            long growth = end.usedBytes() - tenth.usedBytes();
            out.printf("target heap does not grow with session length: %+,.2f MB from %,d to %,d frames -> %s%n",
                    growth / 1048576.0, tenth.frames(), end.frames(),
                    growth <= FLAT_HEAP_BYTES ? "met (within " + (FLAT_HEAP_BYTES >> 20) + " MB)" : "NOT met");
        });
    }

    private static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static Optional<IngestResult> find(List<IngestResult> results, String variant) {
        return results.stream().filter(r -> r.variant().equals(variant)).findFirst();
    }
}
