package dev.blackbox.bench.ingest;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Median and range of a set of figures (NaN ones left out), formatted as {@code median [min – max]}. */
record Spread(double median, double min, double max, int n) {

    static Spread of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    String format(String pattern) {
        if (n == 0) {
            return "–";
        }
        if (n == 1) {
            return String.format(Locale.ROOT, pattern, median);
        }
        return String.format(Locale.ROOT, pattern + " [" + pattern + " – " + pattern + "]", median, min, max);
    }

    /** Rates: 1.23 M, 456 k, 789. */
    String rate() {
        if (n == 0) {
            return "–";
        }
        return n == 1 ? human(median) : human(median) + " [" + human(min) + " – " + human(max) + "]";
    }

    static String human(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.0f k", v / 1e3);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
