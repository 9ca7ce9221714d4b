package dev.blackbox.replay.transcript;

import java.util.Objects;

/**
 * What the caller found about the journal's integrity, for the transcript to show at its top: the html page
 * shows a failed or unsealed chain as a banner, a verified one as a note. The transcript never checks the
 * chain itself; {@code blackbox replay} passes the verifier's verdict.
 *
 * @param line one line for people, e.g. "integrity FAILED at seq 12: hash mismatch", "unsealed", "verified"
 */
public record IntegrityLine(Level level, String line) {

    public enum Level {
        /** The chain checked out. */
        VERIFIED,
        /** Nothing wrong found, but not everything could be vouched for (e.g. the journal is not sealed). */
        WARNING,
        /** The chain is broken: what is shown may have been altered. */
        FAILED
    }

    public IntegrityLine {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(line, "line");
    }

    public static IntegrityLine verified(String line) {
        return new IntegrityLine(Level.VERIFIED, line);
    }

    public static IntegrityLine warning(String line) {
        return new IntegrityLine(Level.WARNING, line);
    }

    public static IntegrityLine failed(String line) {
        return new IntegrityLine(Level.FAILED, line);
    }
}
