package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;

/** Prints the permission round trips and their bus baselines side by side, with ratios and the targets. */
final class RoundTripReport {

    /** One measured variant; {@code baseline} names the variant it is compared with, or null. */
    record Row(String name, Histogram nanos, long unanswered, String baseline, Double targetP99Millis) {
    }

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final PrintStream out;

    RoundTripReport(PrintStream out) {
        this.out = out;
    }

    void print(List<Row> rows) {
        out.printf("%-28s %7s %9s %9s %9s %9s %9s %9s  %s%n", "latency, ms", "n", "p50", "p90", "p99", "p99.9", "max",
                "mean", "unanswered");
        for (Row row : rows) {
            Histogram h = row.nanos();
            out.printf("%-28s %7d", row.name(), h.getTotalCount());
            for (double p : PERCENTILES) {
                out.printf(" %9.3f", ms(h.getValueAtPercentile(p)));
            }
            out.printf(" %9.3f %9.3f  %d%n", ms(h.getMaxValue()), h.getMean() / 1e6, row.unanswered());
        }
        out.println();
        for (Row row : rows) {
            if (row.baseline() == null) {
                continue;
            }
            Row base = rows.stream().filter(r -> r.name().equals(row.baseline())).findFirst().orElse(null);
            if (base == null) {
                continue;
            }
            out.printf("%-28s vs %-24s p50 x%.1f   p99 x%.1f%n", row.name(), base.name(),
                    ratio(row, base, 50), ratio(row, base, 99));
        }
        out.println();
        for (Row row : rows) {
            if (row.targetP99Millis() != null) {
                double p99 = ms(row.nanos().getValueAtPercentile(99));
                boolean met = p99 <= row.targetP99Millis() && row.unanswered() == 0;
                out.printf("target %s p99 <= %.0f ms: %.3f ms%s -> %s%n", row.name(), row.targetP99Millis(), p99,
                        row.unanswered() == 0 ? "" : " (" + row.unanswered() + " unanswered)", met ? "met" : "NOT met");
            }
        }
    }

    /** Each variant's percentiles as median [min - max] over the rounds; the targets judged on the median p99. */
    void summary(List<List<Row>> rounds) {
        out.printf("median [min - max] over %d rounds, ms%n", rounds.size());
        for (Row first : rounds.get(0)) {
            List<Row> all = rounds.stream().flatMap(r -> r.stream().filter(x -> x.name().equals(first.name()))).toList();
            out.printf("  %-20s", first.name());
            for (double p : PERCENTILES) {
                out.printf("  p%s %s", p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p),
                        spread(all.stream().map(r -> ms(r.nanos().getValueAtPercentile(p))).toList()));
            }
            long unanswered = all.stream().mapToLong(Row::unanswered).sum();
            out.println(unanswered == 0 ? "" : "  (" + unanswered + " unanswered in all)");
        }
        for (Row first : rounds.get(0)) {
            if (first.targetP99Millis() == null) {
                continue;
            }
            List<Double> p99 = rounds.stream().flatMap(r -> r.stream().filter(x -> x.name().equals(first.name())))
                    .map(r -> ms(r.nanos().getValueAtPercentile(99))).toList();
            out.printf("  target %s p99 <= %.0f ms on the median: %.3f ms -> %s%n", first.name(), first.targetP99Millis(),
                    median(p99), median(p99) <= first.targetP99Millis() ? "met" : "NOT met");
        }
    }

    private static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("%.3f [%.3f - %.3f]", median(values), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double ratio(Row row, Row base, double percentile) {
        return (double) row.nanos().getValueAtPercentile(percentile) / base.nanos().getValueAtPercentile(percentile);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
