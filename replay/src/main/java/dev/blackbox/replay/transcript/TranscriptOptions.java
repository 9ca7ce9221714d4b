package dev.blackbox.replay.transcript;

/**
 * How to render: which entries ({@code filter}), what to hide ({@code redactor}), ANSI colours (text),
 * the silence shown as a gap, and how many lines of a long tool input or output to show before folding.
 */
public record TranscriptOptions(EntryFilter filter, Redactor redactor, boolean colour, long gapMicros, int foldLines) {

    public static final long DEFAULT_GAP_MICROS = 60_000_000L;
    public static final int DEFAULT_FOLD_LINES = 12;

    public static TranscriptOptions defaults() {
        return new TranscriptOptions(EntryFilter.all(), Redactor.none(), false, DEFAULT_GAP_MICROS, DEFAULT_FOLD_LINES);
    }

    public TranscriptOptions withColour(boolean on) {
        return new TranscriptOptions(filter, redactor, on, gapMicros, foldLines);
    }

    public TranscriptOptions withFilter(EntryFilter f) {
        return new TranscriptOptions(f, redactor, colour, gapMicros, foldLines);
    }

    public TranscriptOptions withRedactor(Redactor r) {
        return new TranscriptOptions(filter, r, colour, gapMicros, foldLines);
    }
}
