package dev.blackbox.replay.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
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

    static final int BATCH = 512;
    private static final long TIMEOUT_SECONDS = 60;

    private final List<Target> targets;
    private final List<SpanData> batch = new ArrayList<>(BATCH);
    private long exported;

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
                throw new ExportFailedException("exporting spans to " + t.name() + " failed: "
                        + (why == null ? "no success within " + TIMEOUT_SECONDS + " s (see the collector's log)"
                        : why.getMessage() == null ? why.toString() : why.getMessage()));
            }
        }
        exported += batch.size();
        batch.clear();
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
