package dev.blackbox.bench;

import java.util.Locale;

/** Command-line counts for the benchmarks: {@code 1000000}, {@code 500k}, {@code 10M}, {@code 1_000}. */
public final class Counts {

    private Counts() {
    }

    public static long parse(String flag, String value, long min) {
        String v = value.replace("_", "").toLowerCase(Locale.ROOT);
        long scale = v.endsWith("k") ? 1_000 : v.endsWith("m") ? 1_000_000 : 1;
        try {
            long n = Long.parseLong(scale == 1 ? v : v.substring(0, v.length() - 1)) * scale;
            if (n < min || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a count from " + min + " to " + Integer.MAX_VALUE
                    + " such as 1000000, 500k or 10M, not '" + value + "'");
        }
    }
}
