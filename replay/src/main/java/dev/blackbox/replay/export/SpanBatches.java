package dev.blackbox.replay.export;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hands finished spans to the exporters in batches and waits for each batch to be taken, so a large
 * session never piles up in memory and a collector that fails stops the export with its reason.
 */
final class SpanBatches implements AutoCloseable {

    /**
     * An exporter and what to call it in an error message (never its configuration: it may hold headers);
     * a local one's I/O errors are rethrown as they are (a closed pipe is not a collector failing).
     */
    record Target(String name, SpanExporter exporter, boolean remote) {
    }

    /** A batch that an exporter did not take. */
    static final class ExportFailedException extends IOException {
        ExportFailedException(String message) {
            super(message);
        }
    }

    /** Spans per OTLP request or line: with content, 512 of them took a 32 MiB heap to its limit. */
    static final int BATCH = 128;
    private static final long TIMEOUT_SECONDS = 60;

    private final List<Target> targets;
    private final List<SpanData> batch = new ArrayList<>(BATCH);
    private long exported;
    private ExportFailedException failed;

    SpanBatches(List<Target> targets) {
        this.targets = List.copyOf(targets);
    }

    void add(SpanData span) throws IOException {
        batch.add(span);
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    void flush() throws IOException {
        if (failed != null) {
            throw failed; // once a collector has failed, the rest of the session is not sent (nor retried again)
        }
        if (batch.isEmpty()) {
            return;
        }
        for (Target t : targets) {
            CompletableResultCode result = t.exporter().export(batch).join(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!result.isSuccess()) {
                Throwable why = result.getFailureThrowable();
                if (!t.remote() && why instanceof IOException io) {
                    throw io;
                }
                failed = new ExportFailedException("exporting spans to " + t.name() + " failed: " + describe(why));
                throw failed;
            }
        }
        exported += batch.size();
        batch.clear();
    }

    /** Why a batch was not taken, for people: the exporter's exceptions say it in class names. */
    static String describe(Throwable why) {
        if (why == null) {
            return "no success within " + TIMEOUT_SECONDS + " s (see the collector's log)";
        }
        if (why instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
            String body = new String(http.getResponse().getResponseBody(), java.nio.charset.StandardCharsets.UTF_8)
                    .replaceAll("\\s+", " ").trim();
            return "the collector answered HTTP " + http.getResponse().getStatusCode()
                    + (body.isEmpty() || body.length() > 200 ? "" : " (" + body + ")");
        }
        for (Throwable t = why; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "could not connect (is a collector listening there?)";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "no answer in time";
            }
        }
        String m = why.getMessage();
        return m == null || m.isBlank() ? why.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    long exported() {
        return exported;
    }

    @Override
    public void close() {
        for (Target t : targets) {
            t.exporter().shutdown().join(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
