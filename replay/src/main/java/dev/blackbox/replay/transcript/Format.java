package dev.blackbox.replay.transcript;

import java.io.OutputStream;
import java.util.Locale;

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
}
