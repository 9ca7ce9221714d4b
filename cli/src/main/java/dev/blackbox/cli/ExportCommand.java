package dev.blackbox.cli;

import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.export.ExportFormat;
import dev.blackbox.replay.export.ExportJob;
import dev.blackbox.replay.export.ExportOptions;
import dev.blackbox.replay.play.JournalIntegrity;
import dev.blackbox.replay.play.Progress;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.play.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a recorded session in a format other tools read.",
                "Formats: asciicast (asciicast v3 for asciinema's player: the coloured transcript at its recorded pace, "
                        + "markers at every permission request and decision), otlp-json (OpenTelemetry GenAI spans as "
                        + "OTLP/JSON lines: invoke_agent, chat and execute_tool spans with token usage and who decided each "
                        + "permission), claude-jsonl (a Claude Code transcript as in ~/.claude/projects, for its viewers).",
                "Streams: sessions of any length export in constant memory.",
                "Integrity: the journal is verified from its files first; each export carries the verdict (asciicast: its "
                        + "first line; claude-jsonl: a first system line; otlp-json: blackbox.journal.integrity on the "
                        + "session's span), and stderr names a journal that is not sealed and intact. Every export is "
                        + "recorded in the access log ('blackbox access')."},
        footerHeading = "%nExamples:%n",
        footer = {"  blackbox export session_01Ab --format asciicast --out session.cast",
                "  blackbox export session_01Ab --format otlp-json --out spans.jsonl",
                "  blackbox export session_01Ab -f otlp-json --otlp-endpoint http://otel:4318",
                "  blackbox export session_01Ab --format claude-jsonl --out session.jsonl"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also when the reader of a pipe went away); the journal may be sealed, live, unsealed or torn "
                        + "(stderr says which), or tampered with --allow-tampered",
                "1:integrity FAILED: the journal is tampered with; the export stops before the first bad entry "
                        + "(--allow-tampered exports it all)",
                "2:bad usage: unknown session or format, a bad --otlp-endpoint, missing journal directory, "
                        + "an output that cannot be written",
                "3:an unexpected internal error",
                "4:the OTLP endpoint could not be reached or did not take the spans"})
final class ExportCommand implements Callable<Integer> {

    static final int DELIVERY_FAILED = 4;

    @Parameters(paramLabel = "SESSION", description = "The session id.")
    String session;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", required = true,
            description = "asciicast, otlp-json or claude-jsonl.")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE (created owner-only) instead of stdout.")
    Path outFile;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "otlp-json: send the spans over OTLP/HTTP (protobuf) to this collector, e.g. http://127.0.0.1:4318 "
                    + "(/v1/traces is added to a URL without a path). Without --out nothing is written to stdout.")
    String otlpEndpoint;

    @Option(names = "--include-content",
            description = "otlp-json: also export prompts, messages and tool inputs and outputs as span attributes "
                    + "(off by default: spans then carry names, ids, timings, usage and decisions only). The other "
                    + "formats are transcripts and always contain the conversation.")
    boolean includeContent;

    @Option(names = "--allow-tampered",
            description = "Export a journal that failed verification in full, past its first bad entry (the export still "
                    + "says FAILED), and exit 0.")
    boolean allowTampered;

    @Mixin
    JournalOption journal;

    @Mixin
    IntegrityOptions checks;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path root = journal.existingRoot();
        SessionIds.requireValid(session);
        if (!JournalFiles.hasJournal(JournalFiles.sessionDir(root, session))) {
            throw Tombstones.noJournal(root, session);
        }
        ExportFormat fmt = ExportFormat.parse(format);
        if ((otlpEndpoint != null || includeContent) && fmt != ExportFormat.OTLP_JSON) {
            throw new UsageError((otlpEndpoint != null ? "--otlp-endpoint" : "--include-content")
                    + " applies to --format otlp-json only");
        }
        URI endpoint = otlpEndpoint == null ? null : ExportJob.tracesEndpoint(uri(otlpEndpoint));
        JournalIntegrity integrity = JournalIntegrity.verify(root, session, checks.options());
        ExportOptions options = ExportOptions.defaults().withContent(includeContent)
                .withEndpoint(endpoint, endpoint == null || outFile != null).withIntegrity(integrity::line);
        boolean toTerminal = outFile == null && Terminal.stdoutIsTerminal() && options.writeOutput();
        ReplayJob.ProgressFactory progress = !toTerminal && Terminal.stderrIsTerminal()
                ? total -> total >= 50_000 ? new Progress(System.err, total) : Progress.NONE
                : ReplayJob.ProgressFactory.NONE;
        AccessRecord.record(journal, session, "export", fmt.label(), null, null, null);
        try (OutputStream out = new BufferedOutputStream(ReplayCommand.open(outFile), 1 << 16)) {
            new ExportJob(root, session, fmt, options).run(integrity.open(allowTampered), out, progress);
        } catch (JournalException broken) {
            if (!integrity.failed()) {
                throw broken;
            }
        } catch (ExportJob.DeliveryFailed e) {
            throw new UsageError(e.getMessage(), DELIVERY_FAILED);
        } catch (IOException e) {
            if (ReplayCommand.isBrokenPipe(e)) {
                return 0;
            }
            throw new UsageError("cannot write the export: " + e.getMessage());
        }
        ReplayCommand.tell(integrity, false, allowTampered, "export");
        return integrity.failed() && !allowTampered ? ReplayCommand.TAMPERED : 0;
    }

    private static URI uri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new UsageError("--otlp-endpoint: '" + s + "' is not a URL (for example http://127.0.0.1:4318)");
        }
    }
}
