package dev.blackbox.simulator.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a scripted turn does, chosen by a marker in the user's text ({@code [[bash-write out.txt]]}).
 * The scripted Messages API and the stdio stand-in read the same markers, so a test written against
 * the stand-in runs unchanged against the real CLI. The last marker in the text wins; text without a
 * known marker is a plain answer.
 */
public sealed interface Marker {

    /** A Bash call that writes FILE ({@code echo hello > FILE}): not read-only, so the worker asks. */
    record BashWrite(String file) implements Marker {
    }

    /** A Bash {@code ls}: read-only, so the worker allows it without asking. */
    record ReadOnly() implements Marker {
    }

    /** A Write tool call creating FILE; its permission request carries {@code permission_suggestions}. */
    record WriteWithSuggestions(String file) implements Marker {
    }

    /** An answer that streams one word every so often for a minute: a turn to interrupt. */
    record Stall() implements Marker {
    }

    /** The stdio stand-in only: the worker exits at once with this status (a crash mid-session). */
    record Exit(int status) implements Marker {
    }

    /** No marker: a short text answer. */
    record Plain() implements Marker {
    }

    Pattern MARKER = Pattern.compile("\\[\\[([a-z-]+)(?:\\s+([^\\]\\s]+))?]]");

    static Marker in(String text) {
        Marker found = new Plain();
        if (text == null) {
            return found;
        }
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            Marker marker = of(m.group(1), m.group(2));
            if (marker != null) {
                found = marker;
            }
        }
        return found;
    }

    private static Marker of(String name, String arg) {
        return switch (name) {
            case "bash-write" -> arg == null ? null : new BashWrite(arg);
            case "read-only" -> new ReadOnly();
            case "write-with-suggestions" -> arg == null ? null : new WriteWithSuggestions(arg);
            case "stall" -> new Stall();
            case "exit" -> arg != null && arg.matches("\\d{1,3}") ? new Exit(Integer.parseInt(arg)) : null;
            default -> null;
        };
    }
}
