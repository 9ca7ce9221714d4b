package dev.blackbox.replay.export;

import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.play.EntrySource;
import dev.blackbox.replay.play.Player;
import dev.blackbox.replay.play.Progress;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.transcript.Transcript;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything {@code blackbox export} does once its options are parsed: read the session from its first
 * entry to its last, one entry at a time, and write it in the format asked for (and, for OTLP, send the
 * spans to a collector). Throws {@link DeliveryFailed} when a collector does not take them.
 */
public record ExportJob(Path root, String sessionId, ExportFormat format, ExportOptions options) {

    /** Thrown when the spans could not be delivered to the OTLP endpoint; the message is one line. */
    public static final class DeliveryFailed extends IOException {
        DeliveryFailed(String message) {
            super(message);
        }
    }

    // the OTLP exporter logs failures with stack traces through java.util.logging; they are reported here in one
    // line instead (the reference keeps the level from being lost when the logger is collected)
    private static final Logger OTEL_LOG = Logger.getLogger("io.opentelemetry");

    /** Exports the local journal into {@code out}; returns the number of journal entries read. */
    public long run(OutputStream out, ReplayJob.ProgressFactory progress) throws IOException, InterruptedException {
        return run(Entries.of(JournalReader.open(root, sessionId)), out, progress);
    }

    /**
     * Exports entries of any source (a journal verified as it is read) into {@code out}; returns the number of
     * journal entries read. A source that ends with a {@link dev.blackbox.journal.JournalException} (a broken
     * chain) ends the export there, properly closed, and the exception is thrown after.
     */
    public long run(Entries entries, OutputStream out, ReplayJob.ProgressFactory progress) throws IOException, InterruptedException {
        try (EntrySource source = EntrySource.over(entries, null, null, false, EntrySource.Waiter.BACKOFF)) {
            Progress p = progress.forTotal(source.lastSeqAtOpen());
            if (format != ExportFormat.OTLP_JSON) {
                Transcript t = format == ExportFormat.ASCIICAST ? new AsciicastExport(out, options.integrity())
                        : new ClaudeJsonlExport(out, ClaudeJsonlExport.SessionFacts.scan(root, sessionId), options.integrity());
                return new Player(source, t, null, false, p, Player.Clock.SYSTEM).play();
            }
            try (SpanBatches spans = new SpanBatches(targets(out))) {
                return new Player(source, new OtlpExport(spans, options.includeContent(), options.integrity()), null, false, p,
                        Player.Clock.SYSTEM).play();
            } catch (SpanBatches.ExportFailedException e) {
                throw new DeliveryFailed(e.getMessage());
            }
        }
    }

    private List<SpanBatches.Target> targets(OutputStream out) {
        List<SpanBatches.Target> targets = new ArrayList<>();
        if (options.writeOutput()) {
            targets.add(new SpanBatches.Target("the OTLP/JSON output", new OtlpJsonLinesExporter(out), false));
        }
        if (options.otlpEndpoint() != null) {
            OTEL_LOG.setLevel(Level.OFF);
            URI endpoint = tracesEndpoint(options.otlpEndpoint());
            targets.add(new SpanBatches.Target(endpoint.toString(), OtlpHttpSpanExporter.builder()
                    .setEndpoint(endpoint.toString())
                    .setTimeout(Duration.ofSeconds(30))
                    .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(3).setInitialBackoff(Duration.ofMillis(500)).build())
                    .build(), true));
        }
        return targets;
    }

    /**
     * The OTLP/HTTP traces URL: a collector's base URL ({@code http://localhost:4318}) gets the standard
     * {@code /v1/traces} path, a URL with a path is used as given. Anything but http(s) is a usage error.
     */
    public static URI tracesEndpoint(URI given) {
        String scheme = given.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || given.getHost() == null) {
            throw new IllegalArgumentException("--otlp-endpoint: '" + given + "' is not an http:// or https:// URL "
                    + "(for example http://127.0.0.1:4318)");
        }
        String path = given.getPath();
        return path == null || path.isEmpty() || "/".equals(path) ? given.resolve("/v1/traces") : given;
    }
}
