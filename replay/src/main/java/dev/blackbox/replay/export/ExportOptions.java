package dev.blackbox.replay.export;

import dev.blackbox.replay.transcript.IntegrityLine;

import java.net.URI;
import java.util.function.Supplier;

/**
 * What an export includes and where spans go.
 *
 * @param includeContent OTLP only: add prompts, messages and tool inputs and outputs as span attributes
 *                       (without it spans carry names, ids, timings, usage and decisions, never content)
 * @param otlpEndpoint   OTLP only: also send the spans over OTLP/HTTP to this collector (null: don't)
 * @param writeOutput    OTLP only: write OTLP/JSON to the output stream (false when only sending)
 * @param integrity      the journal's integrity as the caller found it, shown by each format in its own way
 *                       (asciicast: the first line of output; claude-jsonl: a first system line; OTLP: attributes
 *                       of the session's span); asked for at the start and again at the end; null answers: nothing
 */
public record ExportOptions(boolean includeContent, URI otlpEndpoint, boolean writeOutput, Supplier<IntegrityLine> integrity) {

    public ExportOptions {
        integrity = integrity == null ? () -> null : integrity;
    }

    public static ExportOptions defaults() {
        return new ExportOptions(false, null, true, null);
    }

    public ExportOptions withContent(boolean on) {
        return new ExportOptions(on, otlpEndpoint, writeOutput, integrity);
    }

    public ExportOptions withEndpoint(URI endpoint, boolean alsoWrite) {
        return new ExportOptions(includeContent, endpoint, alsoWrite, integrity);
    }

    public ExportOptions withIntegrity(Supplier<IntegrityLine> verdict) {
        return new ExportOptions(includeContent, otlpEndpoint, writeOutput, verdict);
    }
}
