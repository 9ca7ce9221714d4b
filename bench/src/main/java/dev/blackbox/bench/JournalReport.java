package dev.blackbox.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** Prints the journal benchmark's table, its verdict on the targets, and the cost breakdown. */
final class JournalReport {

    static final double TARGET_RATIO_TO_RAW = 0.5;
    static final double TARGET_P99_MICROS = 20;
    static final double TARGET_READS_PER_SECOND = 1_000_000;

    private final PrintStream out;

    JournalReport(PrintStream out) {
        this.out = out;
    }

    void table(List<JournalRunResult> results) {
        Optional<JournalRunResult> raw = find(results, "raw");
        Optional<JournalRunResult> jsonl = find(results, "jsonl");
        out.printf("%-32s %10s %6s %7s %7s %8s %9s %10s %6s %10s %12s %12s%n",
                "contender", "appends/s", "MB/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs",
                "1st read/s", "MB/s", "re-read/s", "× raw (w/r)", "× jsonl (w/r)");
        for (JournalRunResult r : results) {
            out.printf("%-32s %10s %6.0f %7.2f %7.2f %8.2f %9.1f %10s %6.0f %10s %12s %12s%n",
                    r.contender().label(), count(r.appendsPerSecond()), r.appendMegabytesPerSecond(),
                    r.latencyMicros(50), r.latencyMicros(99), r.latencyMicros(99.9), r.maxLatencyMicros(),
                    count(r.readsPerSecond()), r.readMegabytesPerSecond(), count(r.rereadsPerSecond()),
                    ratios(r, raw), ratios(r, jsonl));
        }
        out.println("MB = 10^6 bytes of frame payload; latency = System.nanoTime() around each append;");
        out.println("× = this row's throughput / that contender's (appends / first read)");
    }

    void latencyBySize(List<JournalRunResult> results) {
        out.println();
        out.println("append latency by frame size, p50 / p99 µs:");
        out.printf("  %-30s", "contender");
        FrameCorpus.SIZE_BUCKETS.forEach(b -> out.printf(" %18s", b.label()));
        out.println();
        for (JournalRunResult r : results) {
            out.printf("  %-30s", r.contender().label());
            for (int i = 0; i < FrameCorpus.SIZE_BUCKETS.size(); i++) {
                out.printf(" %18s", String.format("%.2f / %.2f", r.latencyMicros(i, 50), r.latencyMicros(i, 99)));
            }
            out.println();
        }
    }

    void targets(List<JournalRunResult> results) {
        Optional<JournalRunResult> journal = find(results, "journal");
        Optional<JournalRunResult> raw = find(results, "raw");
        if (journal.isEmpty()) {
            return;
        }
        JournalRunResult j = journal.get();
        out.println();
        out.println("targets (issue 2):");
        raw.ifPresent(r -> {
            double ratio = j.appendsPerSecond() / r.appendsPerSecond();
            out.printf("  journal append >= %.1f× raw Chronicle   %.2f×        %s%n", TARGET_RATIO_TO_RAW, ratio,
                    verdict(ratio >= TARGET_RATIO_TO_RAW));
        });
        out.printf("  journal append p99 <= %.0f µs           %.2f µs     %s%n", TARGET_P99_MICROS, j.latencyMicros(99),
                verdict(j.latencyMicros(99) <= TARGET_P99_MICROS));
        out.printf("  journal reads >= 1 M entries/s         %s/s first read, %s/s re-read    %s / %s%n",
                count(j.readsPerSecond()), count(j.rereadsPerSecond()),
                verdict(j.readsPerSecond() >= TARGET_READS_PER_SECOND), verdict(j.rereadsPerSecond() >= TARGET_READS_PER_SECOND));
    }

    void breakdown(List<JournalRunResult> results, JournalCostBreakdown.Costs costs) {
        out.println();
        out.println("where the journal's append time goes (mean time inside one append, same frames, same JVM):");
        find(results, "raw").ifPresent(r -> line("raw Chronicle append", r.meanAppendNanos(),
                String.format("(p50 %.0f ns)", r.latencyMicros(50) * 1e3)));
        find(results, "journal-nohash").ifPresent(r -> line("journal w/o SHA-256 (prototype)", r.meanAppendNanos(),
                extra(r, find(results, "raw"), "envelope: 22 B header + 32 B hash slot, seq, clock")));
        find(results, "journal").ifPresent(r -> line("Blackbox journal append", r.meanAppendNanos(),
                extra(r, find(results, "raw"), "everything the journal adds")));
        line("SHA-256 alone over the frame bytes", costs.sha256Alone().nanosPerOp(),
                String.format("%.0f MB/s", costs.sha256Alone().megabytesPerSecond()));
        line("HashChain.next (prev + header + frame)", costs.hashChain().nanosPerOp(),
                String.format("%.0f MB/s", costs.hashChain().megabytesPerSecond()));
        line("clock read (currentTimeMicros)", costs.clock().nanosPerOp(), "");
        line("free space look (statvfs)", costs.usableSpace().nanosPerOp(), "asked at most every 100 ms, not per append");
        find(results, "journal-nospacecheck").ifPresent(r -> line("journal, no free-space check", r.meanAppendNanos(),
                extra(r, find(results, "journal"), "what the free-space check costs")));
        line("Ed25519 signature of a checkpoint", costs.signCheckpoint().nanosPerOp(), "once per checkpoint (1000 entries / 10 s)");
        find(results, "journal-signed").ifPresent(r -> line("journal, signed checkpoints", r.meanAppendNanos(),
                extra(r, find(results, "journal"), "checkpoints, signatures, witness") + String.format(
                        "; p99 %.2f µs, p99.9 %.2f µs", r.latencyMicros(99), r.latencyMicros(99.9))));
    }

    private void line(String what, double nanos, String note) {
        out.printf("  %-40s %8.0f ns  %s%n", what, nanos, note);
    }

    private static String extra(JournalRunResult r, Optional<JournalRunResult> base, String what) {
        return base.map(b -> String.format("(p50 %.0f ns) mean %+.0f ns, p50 %+.0f ns vs %s: %s",
                r.latencyMicros(50) * 1e3, r.meanAppendNanos() - b.meanAppendNanos(),
                (r.latencyMicros(50) - b.latencyMicros(50)) * 1e3, b.contender().name(), what)).orElse("");
    }

    private static String ratios(JournalRunResult r, Optional<JournalRunResult> base) {
        return base.map(b -> String.format("%.2f/%.2f", r.appendsPerSecond() / b.appendsPerSecond(),
                r.readsPerSecond() / b.readsPerSecond())).orElse("-");
    }

    private static Optional<JournalRunResult> find(List<JournalRunResult> results, String name) {
        return results.stream().filter(r -> r.contender().name().equals(name)).findFirst();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** 1234567 -> "1.23 M", 98765 -> "98.8 k". */
    static String count(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format("%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format("%.1f k", perSecond / 1e3);
        }
        return String.format("%.0f", perSecond);
    }
}
