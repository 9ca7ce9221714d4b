package dev.blackbox.replay.transcript;

import java.io.OutputStream;
import java.util.Locale;
import java.util.function.Consumer;

/** The transcript formats and how to make each. */
public enum Format {
    TEXT, MARKDOWN, JSONL, HTML, JSON;

    public static Format parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format: '" + s + "' is not one of text, markdown, jsonl, html, json");
        }
    }

    /** A transcript of this format writing to {@code out}. */
    public Transcript open(OutputStream out, TranscriptOptions options) {
        return switch (this) {
            case TEXT -> new TextTranscript(out, options);
            case MARKDOWN -> new MarkdownTranscript(out, options);
            case HTML -> new HtmlTranscript(out, options);
            case JSONL -> new JsonlTranscript(out, options);
            case JSON -> new JsonTranscript(out, options);
        };
    }

    /**
     * The text transcript that also hands every item it writes to {@code observer}, right after writing it:
     * for exports that lay the text out on a timeline and mark some items (asciicast markers).
     */
    public static Transcript observedText(OutputStream out, TranscriptOptions options, Consumer<Item> observer) {
        return new TextTranscript(out, options, observer);
    }
}
