package dev.blackbox.replay.transcript;

import java.util.function.Supplier;

/**
 * How to render: which entries ({@code filter}), what to hide ({@code redactor}), ANSI colours (text),
 * the silence shown as a gap, how many lines of a long tool input or output to show before folding, and
 * the journal's integrity as the caller found it ({@code integrity}: asked for when the transcript ends, so a
 * caller may check the chain while the entries stream by; null or a null answer shows nothing).
 */
public record TranscriptOptions(EntryFilter filter, Redactor redactor, boolean colour, long gapMicros, int foldLines,
                                Supplier<IntegrityLine> integrity) {

    public static final long DEFAULT_GAP_MICROS = 60_000_000L;
    public static final int DEFAULT_FOLD_LINES = 12;

    public TranscriptOptions(EntryFilter filter, Redactor redactor, boolean colour, long gapMicros, int foldLines) {
        this(filter, redactor, colour, gapMicros, foldLines, () -> null);
    }

    public TranscriptOptions {
        integrity = integrity == null ? () -> null : integrity;
    }

    public static TranscriptOptions defaults() {
        return new TranscriptOptions(EntryFilter.all(), Redactor.none(), false, DEFAULT_GAP_MICROS, DEFAULT_FOLD_LINES);
    }

    public TranscriptOptions withColour(boolean on) {
        return new TranscriptOptions(filter, redactor, on, gapMicros, foldLines, integrity);
    }

    public TranscriptOptions withFilter(EntryFilter f) {
        return new TranscriptOptions(f, redactor, colour, gapMicros, foldLines, integrity);
    }

    public TranscriptOptions withRedactor(Redactor r) {
        return new TranscriptOptions(filter, r, colour, gapMicros, foldLines, integrity);
    }

    /** The integrity verdict to show (the html page shows it at its top). */
    public TranscriptOptions withIntegrity(Supplier<IntegrityLine> verdict) {
        return new TranscriptOptions(filter, redactor, colour, gapMicros, foldLines, verdict);
    }
}
