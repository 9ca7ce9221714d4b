package dev.blackbox.replay.export;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

/**
 * OTLP/JSON lines, the OpenTelemetry file exporter's format: every batch one line holding an
 * {@code ExportTraceServiceRequest}, written by the SDK's own OTLP JSON encoder (hex ids, integer
 * enums, as OTLP/HTTP JSON has them). A collector's {@code otlpjsonfile} receiver reads it.
 */
final class OtlpJsonLinesExporter implements SpanExporter {

    private final OutputStream out;

    OtlpJsonLinesExporter(OutputStream out) {
        this.out = out;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        try {
            // the SDK's internal marshaler (pinned version): the encoder its OTLP/HTTP JSON exporter uses
            TraceRequestMarshaler.create(spans).writeJsonTo(out);
            out.write('\n');
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofExceptionalFailure(e);
        }
    }

    @Override
    public CompletableResultCode flush() {
        try {
            out.flush();
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofExceptionalFailure(e);
        }
    }

    @Override
    public CompletableResultCode shutdown() {
        return flush(); // the stream belongs to the caller
    }
}
