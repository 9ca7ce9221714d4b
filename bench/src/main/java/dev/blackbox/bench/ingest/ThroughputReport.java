package dev.blackbox.bench.ingest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The throughput tables: one per mix, clients side by side, medians and ranges; paired ratios; targets. */
final class ThroughputReport {

    private final List<ThroughputBench.Result> results;
    private final Map<FrameMixes.Mix, List<RawDrain.Drained>> sourceChecks;
    private final List<String> clients;

    ThroughputReport(List<ThroughputBench.Result> results, Map<FrameMixes.Mix, List<RawDrain.Drained>> sourceChecks,
                     List<String> clients) {
        this.results = results;
        this.sourceChecks = sourceChecks;
        this.clients = clients;
    }

    /** One line per run, as it finishes. */
    static String line(ThroughputBench.Result r) {
        return String.format(Locale.ROOT, "  round %d %-6s %-8s %9s frames/s %7.1f MB/s  cpu %5.2f µs/frame (%.0f %% kernel, %.2f cores; "
                        + "busiest %s %.0f %% (+%.0f %% waiting for a CPU), next %.0f %% (+%.0f %%))  append p50/p99/p99.9 %s µs  VmHWM %.0f MiB, anon %.0f MiB, heap peak %.0f MiB  "
                        + "source-side %s/s  load %.2f%s",
                r.round(), r.mix().spelling, r.client(), Spread.human(r.framesPerSecond()), r.megabytesPerSecond(),
                r.cpuMicrosPerFrame(), r.kernelShare() * 100, r.cores(), r.busiestThread(), r.busiestShare() * 100, r.busiestWaiting() * 100,
                r.secondShare() * 100, r.secondWaiting() * 100,
                Double.isNaN(r.p99()) ? "–" : String.format(Locale.ROOT, "%.1f/%.1f/%.1f", r.p50(), r.p99(), r.p999()),
                r.vmHwmMb(), r.rssAnonMb(), r.heapPeakMb(), Spread.human(r.sourceSideFramesPerSecond()), r.load(),
                r.problems().isEmpty() ? "" : "  PROBLEM: " + r.problems());
    }

    void print(PrintStream out) {
        for (FrameMixes.Mix mix : FrameMixes.Mix.values()) {
            List<ThroughputBench.Result> ofMix = results.stream().filter(r -> r.mix() == mix).toList();
            if (ofMix.isEmpty()) {
                continue;
            }
            out.println();
            out.println("### " + mix.spelling + " (" + mix.description + ")");
            out.println();
            out.println("| median [min – max] over " + rounds(ofMix) + " rounds | " + String.join(" | ", clients) + " |");
            out.println("|---|" + "---|".repeat(clients.size()));
            row(out, ofMix, "frames/s", r -> r.framesPerSecond(), null);
            row(out, ofMix, "MB/s", r -> r.megabytesPerSecond(), "%.1f");
            row(out, ofMix, "CPU µs per frame (process)", r -> r.cpuMicrosPerFrame(), "%.2f");
            row(out, ofMix, "of which in the kernel (system time)", r -> r.kernelShare() * 100, "%.0f %%");
            row(out, ofMix, "CPU cores used", r -> r.cores(), "%.2f");
            row(out, ofMix, "busiest thread: on a CPU", r -> r.busiestShare() * 100, "%.0f %%");
            row(out, ofMix, "busiest thread: runnable, waiting for a CPU", r -> r.busiestWaiting() * 100, "%.0f %%");
            row(out, ofMix, "second busiest thread: on a CPU", r -> r.secondShare() * 100, "%.0f %%");
            row(out, ofMix, "second busiest thread: waiting for a CPU", r -> r.secondWaiting() * 100, "%.0f %%");
            row(out, ofMix, "append p50 µs", r -> r.p50(), "%.1f");
            row(out, ofMix, "append p99 µs", r -> r.p99(), "%.1f");
            row(out, ofMix, "append p99.9 µs", r -> r.p999(), "%.1f");
            row(out, ofMix, "peak RSS (VmHWM) MiB", r -> r.vmHwmMb(), "%.0f");
            row(out, ofMix, "peak anonymous RSS MiB", r -> r.rssAnonMb(), "%.0f");
            row(out, ofMix, "heap: peak used MiB", r -> r.heapPeakMb(), "%.0f");
            row(out, ofMix, "heap: peak committed MiB", r -> r.heapCommittedMb(), "%.0f");
            row(out, ofMix, "GC pauses while measured", r -> r.gcPauses(), "%.0f");
            row(out, ofMix, "source-side frames/s", r -> r.sourceSideFramesPerSecond(), null);
            out.println();
            List<String> busiest = ofMix.stream().filter(r -> r.client().equals("recorder") || r.client().equals("baseline")).map(ThroughputBench.Result::busiestThread).distinct().toList();
            if (!busiest.isEmpty()) {
                out.println("Recorder's busiest thread: " + String.join(", ", busiest) + ".");
            }
            ratio(out, ofMix, "recorder", "null", 0.9);
            ratio(out, ofMix, "recorder", "jsonl", 1.3);
            ratio(out, ofMix, "recorder", "baseline", Double.NaN);
            List<RawDrain.Drained> checks = sourceChecks.getOrDefault(mix, List.of());
            if (!checks.isEmpty()) {
                Spread src = Spread.of(checks.stream().map(RawDrain.Drained::framesPerSecond).toList());
                Spread nul = Spread.of(ofMix.stream().filter(r -> r.client().equals("null")).map(ThroughputBench.Result::framesPerSecond).toList());
                out.println("Source alone (raw drain, no WebSocket decoding): " + src.rate() + " frames/s, "
                        + Spread.of(checks.stream().map(RawDrain.Drained::megabytesPerSecond).toList()).format("%.0f") + " MB/s"
                        + (nul.n() == 0 ? "" : String.format(Locale.ROOT, "; the null sink reaches %.0f %% of it", 100 * nul.median() / src.median())) + ".");
            }
            ofMix.stream().filter(r -> !r.problems().isEmpty()).forEach(r ->
                    out.println("PROBLEM in round " + r.round() + " (" + r.client() + "): " + r.problems()));
            out.println("Load average while measured: " + Spread.of(ofMix.stream().map(ThroughputBench.Result::load).toList()).format("%.2f") + ".");
        }
    }

    private static int rounds(List<ThroughputBench.Result> rs) {
        return (int) rs.stream().mapToInt(ThroughputBench.Result::round).distinct().count();
    }

    private void row(PrintStream out, List<ThroughputBench.Result> rs, String name, ToDoubleFunction<ThroughputBench.Result> f, String pattern) {
        List<String> cells = new ArrayList<>();
        boolean any = false;
        for (String c : clients) {
            List<Double> v = rs.stream().filter(r -> r.client().equals(c)).map(r -> f.applyAsDouble(r)).toList();
            Spread s = Spread.of(v);
            any |= s.n() > 0;
            cells.add(pattern == null ? s.rate() : s.format(pattern));
        }
        if (any) {
            out.println("| " + name + " | " + String.join(" | ", cells) + " |");
        }
    }

    /** Paired by round: a over b in the same round, then median and range of those ratios. */
    private static void ratio(PrintStream out, List<ThroughputBench.Result> rs, String a, String b, double target) {
        List<Double> ratios = new ArrayList<>();
        for (ThroughputBench.Result ra : rs) {
            if (!ra.client().equals(a)) {
                continue;
            }
            rs.stream().filter(rb -> rb.client().equals(b) && rb.round() == ra.round()).findFirst()
                    .ifPresent(rb -> ratios.add(ra.framesPerSecond() / rb.framesPerSecond()));
        }
        if (ratios.isEmpty()) {
            return;
        }
        Spread s = Spread.of(ratios);
        out.println(Double.isNaN(target)
                ? String.format(Locale.ROOT, "%s / %s frames/s, paired by round: %s.", a, b, s.format("%.2f"))
                : String.format(Locale.ROOT, "%s / %s frames/s, paired by round: %s (target ≥ %.1f: %s).", a, b,
                s.format("%.2f"), target, s.median() >= target ? "met on the median" : "missed"));
    }
}
