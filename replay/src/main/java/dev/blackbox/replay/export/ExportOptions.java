package dev.blackbox.replay.export;

import java.net.URI;

/**
 * What an export includes and where spans go.
 *
 * @param includeContent OTLP only: add prompts, messages and tool inputs and outputs as span attributes
 *                       (without it spans carry names, ids, timings, usage and decisions, never content)
 * @param otlpEndpoint   OTLP only: also send the spans over OTLP/HTTP to this collector (null: don't)
 * @param writeOutput    OTLP only: write OTLP/JSON to the output stream (false when only sending)
 */
public record ExportOptions(boolean includeContent, URI otlpEndpoint, boolean writeOutput) {

    public static ExportOptions defaults() {
        return new ExportOptions(false, null, true);
    }

    public ExportOptions withContent(boolean on) {
        return new ExportOptions(on, otlpEndpoint, writeOutput);
    }

    public ExportOptions withEndpoint(URI endpoint, boolean alsoWrite) {
        return new ExportOptions(includeContent, endpoint, alsoWrite);
    }
}
