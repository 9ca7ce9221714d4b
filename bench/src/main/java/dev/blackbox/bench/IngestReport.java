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

        out.printf("%-38s", "");
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
        row(results, "consumer JVM CPU (+GC, JIT), us/frame", r -> String.format("%.2f", r.jvmCpuMicrosPerFrame()));
        row(results, "capacity of one core, frames/s", r -> String.format("%,.0f", r.capacityPerCore()));

        probe.ifPresent(p -> appendLatency(p.appendNanos()));
        recorder.filter(r -> !r.heap().isEmpty()).ifPresent(this::heap);
        targets(sink, recorder, probe);
    }

    /** Every figure as the median and range over the rounds; the targets judged on the medians. */
    void summary(List<List<IngestResult>> rounds) {
        out.printf("median [min - max] over %d rounds%n", rounds.size());
        List<String> variants = rounds.get(0).stream().map(IngestResult::variant).toList();
        for (String variant : variants) {
            List<IngestResult> all = rounds.stream().map(r -> find(r, variant).orElseThrow()).toList();
            out.printf("  %-14s frames/s %s   MB/s %s%n  %-14s thread CPU us/frame %s   busy %s   JVM CPU us/frame %s%n",
                    variant, spread(all, IngestResult::framesPerSecond, "%,.0f"),
                    spread(all, IngestResult::megabytesPerSecond, "%.1f"), "",
                    spread(all, IngestResult::cpuMicrosPerFrame, "%.2f"), spread(all, r -> 100 * r.busy(), "%.0f%%"),
                    spread(all, IngestResult::jvmCpuMicrosPerFrame, "%.2f"));
        }
        List<Double> ratios = rounds.stream()
                .filter(r -> find(r, IngestConsumers.NULL_SINK).isPresent() && find(r, IngestConsumers.RECORDER).isPresent())
                .map(r -> find(r, IngestConsumers.RECORDER).get().framesPerSecond()
                        / find(r, IngestConsumers.NULL_SINK).get().framesPerSecond())
                .toList();
        if (!ratios.isEmpty()) {
            out.printf("  recorder/null-sink frames/s %s (target >= %.1f on the median: %s)%n", spread(ratios, "%.3f"),
                    RATIO_TARGET, median(ratios) >= RATIO_TARGET ? "met" : "NOT met");
        }
        List<Histogram> appends = rounds.stream().map(r -> find(r, IngestConsumers.PROBE))
                .flatMap(Optional::stream).map(IngestResult::appendNanos).toList();
        if (!appends.isEmpty()) {
            List<Double> p99 = appends.stream().map(h -> us(h, 99)).toList();
            out.printf("  append latency, us: p50 %s   p99 %s   p99.9 %s (target p99 <= %.0f on the median: %s)%n",
                    spread(appends.stream().map(h -> us(h, 50)).toList(), "%.1f"), spread(p99, "%.1f"),
                    spread(appends.stream().map(h -> us(h, 99.9)).toList(), "%.1f"), APPEND_P99_TARGET_MICROS,
                    median(p99) <= APPEND_P99_TARGET_MICROS ? "met" : "NOT met");
        }
        List<Double> growth = rounds.stream().map(r -> find(r, IngestConsumers.RECORDER))
                .flatMap(Optional::stream).filter(r -> r.heap().size() >= 3)
                .map(r -> (r.heap().get(r.heap().size() - 1).usedBytes() - r.heap().get(1).usedBytes()) / 1048576.0)
                .toList();
        if (!growth.isEmpty()) {
            out.printf("  recorder heap growth from 10%% to 100%% of the session, MB: %s%n", spread(growth, "%+.2f"));
        }
    }

    private static String spread(List<IngestResult> results, Function<IngestResult, Double> figure, String format) {
        return spread(results.stream().map(figure).toList(), format);
    }

    private static String spread(List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(format + " [" + format + " - " + format + "]", median(values), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void row(List<IngestResult> results, String label, Function<IngestResult, String> cell) {
        out.printf("%-38s", label);
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
        out.printf("  (each sample is a full GC of this JVM; those during the session paused it for %,.0f ms in all,"
                + " taken out of the recorder's time)%n", recorder.heap().stream()
                .filter(s -> s.frames() > 0 && s.frames() < recorder.frames()).mapToLong(IngestResult.HeapSample::pauseNanos).sum() / 1e6);
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
