package dev.blackbox.replay.play;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --from} / {@code --to}: a sequence number ({@code 120}), an instant ({@code 2026-11-24T07:00:05Z}),
 * or an offset from the session's first entry ({@code +90s}, {@code +1m30s}, {@code +2h}, {@code +500ms},
 * {@code +01:30}). Both ends are inclusive.
 */
public sealed interface Bound {

    record Seq(long seq) implements Bound {
    }

    record At(long epochMicros) implements Bound {
    }

    record Offset(long micros) implements Bound {
    }

    Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?");
    Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d+)?)");

    static Bound parse(String option, String s) {
        String t = s.trim();
        if (t.matches("\\d+")) {
            long seq = Long.parseLong(t);
            if (seq < 1) {
                throw new IllegalArgumentException(option + ": sequence numbers start at 1");
            }
            return new Seq(seq);
        }
        if (t.startsWith("+")) {
            Long micros = offsetMicros(t.substring(1));
            if (micros != null) {
                return new Offset(micros);
            }
        } else {
            try {
                Instant at = Instant.parse(t);
                return new At(at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
            } catch (DateTimeParseException ignored) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(option + ": '" + s + "' is not a seq (120), an instant "
                + "(2026-11-24T07:00:05Z) or an offset from the start (+90s, +1m30s, +01:30)");
    }

    private static Long offsetMicros(String s) {
        Matcher c = CLOCK.matcher(s);
        if (c.matches()) {
            long h = c.group(1) == null ? 0 : Long.parseLong(c.group(1));
            return (long) (((h * 60 + Long.parseLong(c.group(2))) * 60 + Double.parseDouble(c.group(3))) * 1_000_000);
        }
        Matcher d = DURATION.matcher(s);
        if (s.isEmpty() || !d.matches()) {
            return null;
        }
        double seconds = 0;
        seconds += d.group(1) == null ? 0 : Long.parseLong(d.group(1)) * 3600;
        seconds += d.group(2) == null ? 0 : Long.parseLong(d.group(2)) * 60;
        seconds += d.group(3) == null ? 0 : Double.parseDouble(d.group(3));
        seconds += d.group(4) == null ? 0 : Long.parseLong(d.group(4)) / 1000.0;
        return (long) (seconds * 1_000_000);
    }

    /** True when an entry at (seq, ts) is at or after this lower bound. */
    default boolean reached(long seq, long ts, long firstTs) {
        if (this instanceof Seq s) {
            return seq >= s.seq();
        }
        if (this instanceof At a) {
            return ts >= a.epochMicros();
        }
        return ts - firstTs >= ((Offset) this).micros();
    }

    /** True when an entry at (seq, ts) is past this upper bound. */
    default boolean passed(long seq, long ts, long firstTs) {
        if (this instanceof Seq s) {
            return seq > s.seq();
        }
        if (this instanceof At a) {
            return ts > a.epochMicros();
        }
        return ts - firstTs > ((Offset) this).micros();
    }
}
