package dev.blackbox.replay.transcript;

import java.time.Instant;
import java.util.Locale;

/** Time offsets and durations as transcripts print them. */
public final class Times {

    private Times() {
    }

    /** {@code +MM:SS.mmm}, or {@code +H:MM:SS.mmm} past an hour, from the session's first entry. */
    public static String offset(long micros) {
        if (micros < 0) {
            return "-" + offset(-micros).substring(1);
        }
        long ms = micros / 1000;
        long h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, milli = ms % 1000;
        return h > 0
                ? String.format(Locale.ROOT, "+%d:%02d:%02d.%03d", h, m, s, milli)
                : String.format(Locale.ROOT, "+%02d:%02d.%03d", m, s, milli);
    }

    /** A duration for people: {@code 5 ms}, {@code 2.5 s}, {@code 1m 35s}, {@code 2h 03m}. */
    public static String duration(long micros) {
        long ms = Math.max(0, micros) / 1000;
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%dm %02ds", ms / 60_000, ms / 1000 % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", ms / 3_600_000, ms / 60_000 % 60);
    }

    public static String instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }

    public static String usd(double usd) {
        return String.format(Locale.ROOT, "$%.6f", usd).replaceAll("0{1,4}$", "");
    }
}
