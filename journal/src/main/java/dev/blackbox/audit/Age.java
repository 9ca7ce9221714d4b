package dev.blackbox.audit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An age such as {@code 30d}, {@code 12h}, {@code 2w}, {@code 90m}, or an ISO-8601 duration ({@code P30D}, {@code PT12H}). */
public final class Age {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");

    private Age() {
    }

    /** The age, or an {@link IllegalArgumentException} naming {@code what} (a flag or a config key). */
    public static Duration parse(String what, String value) {
        String v = value == null ? "" : value.trim();
        Matcher m = SHORT.matcher(v.toLowerCase(Locale.ROOT));
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException ignored) {
                // the message below
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " is '" + value + "': expected an age such as 30d, 12h, 2w or P30D");
        }
        return d;
    }

    /** The age as people write it: 30d, 12h, 90m, 45s (the largest unit that divides it; weeks as days). */
    public static String describe(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
