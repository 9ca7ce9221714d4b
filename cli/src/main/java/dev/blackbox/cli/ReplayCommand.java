package dev.blackbox.cli;

import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.play.Bound;
import dev.blackbox.replay.play.EntrySource;
import dev.blackbox.replay.play.JournalIntegrity;
import dev.blackbox.replay.play.Player;
import dev.blackbox.replay.play.Progress;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.play.Terminal;
import dev.blackbox.replay.remote.ChainCheck;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.transcript.EntryFilter;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.IntegrityLine;
import dev.blackbox.replay.transcript.Redactor;
import dev.blackbox.replay.transcript.TranscriptOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render or play back a recorded session.",
                "Renders it as a transcript, or plays it back at its recorded pace.",
                "Formats: text (for a terminal; colours when stdout is one), markdown, html (one self-contained file with "
                        + "collapsible tool calls, a timeline and search), jsonl (the received frames verbatim, one per line, "
                        + "readable by any stream-json consumer), json (every entry with seq, time and kind).",
                "Streams: sessions of any length replay in constant memory.",
                "Integrity: the journal is verified from its files first (as 'blackbox verify' does) and the transcript's first "
                        + "line says what was found: 'integrity verified' (sealed, intact), 'integrity unsealed', 'live' or "
                        + "'torn tail', or 'integrity FAILED at seq N: what'. Entries a recorder appends while following are "
                        + "checked as they are read. Every replay is recorded in the access log ('blackbox access')."},
        footerHeading = "%nExamples:%n",
        footer = {"  blackbox replay session_01Ab",
                "  blackbox replay session_01Ab --format html --out session.html",
                "  blackbox replay session_01Ab --only permissions,result --from +5m --to +10m",
                "  blackbox replay session_01Ab --speed 4 --idle-limit 2",
                "  blackbox replay session_01Ab --follow --redact 'sk-[A-Za-z0-9]+'",
                "  blackbox replay session_01Ab --format jsonl | some-stream-json-consumer"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also when the reader of a pipe went away); the journal may be sealed, live, unsealed or "
                        + "torn (the first line says which), or tampered with --allow-tampered",
                "1:integrity FAILED: the journal is tampered with (the transcript stops before the first bad entry; "
                        + "--allow-tampered shows it all); with --cluster, also the chain recomputed from what another node sent",
                "2:bad usage: unknown session, bad --from/--to/--only/--redact, missing journal directory",
                "3:an unexpected internal error"})
final class ReplayCommand implements Callable<Integer> {

    /** The exit status of a read whose journal failed verification (replay and export). */
    static final int TAMPERED = 1;

    @Parameters(paramLabel = "SESSION", description = "The session id.")
    String session;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown, html, jsonl or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE (created owner-only) instead of stdout.")
    Path outFile;

    @Option(names = "--from", paramLabel = "SEQ|TIME",
            description = "Start at a seq (120), an instant (2026-11-24T07:00:05Z) or an offset from the start (+90s, +1m30s).")
    String from;

    @Option(names = "--to", paramLabel = "SEQ|TIME", description = "Stop after this seq, instant or offset (inclusive).")
    String to;

    @Option(names = "--only", paramLabel = "KINDS|TYPES", split = ",",
            description = "Only these entry kinds (received, sent, binary, connection, permissions, prompts, lifecycle, "
                    + "or a kind such as permission_decided) and frame types (assistant, result, system/init ...).")
    List<String> only = new ArrayList<>();

    @Option(names = "--speed", paramLabel = "N",
            description = "Play back in real time, N times faster (0.5 = half speed). Without --speed or --idle-limit "
                    + "the transcript is written at once.")
    Double speed;

    @Option(names = "--idle-limit", paramLabel = "SECONDS",
            description = "During playback, cap every pause at SECONDS (like asciinema's idle time limit).")
    Double idleLimit;

    @Option(names = {"-F", "--follow"},
            description = "Keep going as the recorder appends, like tail -f, until the recording stops (or Ctrl-C).")
    boolean follow;

    @Option(names = "--redact", paramLabel = "REGEX",
            description = "Replace every match with [REDACTED] in the output (repeatable). The journal is not changed.")
    List<String> redact = new ArrayList<>();

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colours in text output: auto (when stdout is a terminal and NO_COLOR is unset), always, never.")
    String color;

    @Option(names = "--allow-tampered",
            description = "Show a journal that failed verification in full, past its first bad entry (the first line still says "
                    + "FAILED), and exit 0.")
    boolean allowTampered;

    @Option(names = "--gap", paramLabel = "SECONDS", defaultValue = "60",
            description = "Show a silence of at least SECONDS between two entries as a gap (0: never; default ${DEFAULT-VALUE}).")
    double gapSeconds;

    @Mixin
    JournalOption journal;

    @Mixin
    IntegrityOptions checks;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws IOException, InterruptedException {
        SessionIds.requireValid(session);
        Path root = journal.root();
        boolean remote = cluster.cluster && !JournalFiles.hasJournal(JournalFiles.sessionDir(root, session));
        if (!remote && !Files.isDirectory(root)) {
            root = journal.existingRoot(); // the one-line error
        }
        if (!remote && !JournalFiles.hasJournal(JournalFiles.sessionDir(root, session))) {
            throw Tombstones.noJournal(root, session);
        }
        if (idleLimit != null && idleLimit <= 0) {
            throw new UsageError("--idle-limit must be a positive number of seconds");
        }
        if (gapSeconds < 0) {
            throw new UsageError("--gap must be 0 or more seconds");
        }
        Format fmt = Format.parse(format);
        boolean toTerminal = outFile == null && Terminal.stdoutIsTerminal();
        TranscriptOptions options = new TranscriptOptions(EntryFilter.parse(only), Redactor.of(redact),
                fmt == Format.TEXT && colour(toTerminal), (long) (gapSeconds * 1_000_000),
                TranscriptOptions.DEFAULT_FOLD_LINES);
        ReplayJob.ProgressFactory progress = !toTerminal && Terminal.stderrIsTerminal()
                ? total -> total >= 50_000 ? new Progress(System.err, total) : Progress.NONE
                : ReplayJob.ProgressFactory.NONE;
        Bound fromBound = bound("--from", from);
        Bound toBound = bound("--to", to);
        if (remote) {
            checks.refuseRemote();
            return replayRemote(fmt, options, fromBound, toBound, progress);
        }
        JournalIntegrity integrity = JournalIntegrity.verify(root, session, checks.options());
        ReplayJob job = new ReplayJob(root, session, fmt, options.withIntegrity(integrity::line), fromBound, toBound,
                speed, idleLimit, follow);
        AccessRecord.record(journal, session, "replay", fmt.name().toLowerCase(Locale.ROOT), from, to, null);
        try (OutputStream out = open(outFile)) {
            job.run(integrity.open(allowTampered), out, progress, EntrySource.Waiter.BACKOFF, Player.Clock.SYSTEM);
        } catch (JournalException broken) {
            if (!integrity.failed()) {
                throw broken;
            }
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return 0; // `blackbox replay ... | head`: the reader has all it wanted
            }
            throw new UsageError("cannot write the transcript: " + e.getMessage());
        }
        tell(integrity, toTerminal && fmt != Format.JSONL, allowTampered, "transcript");
        return integrity.failed() && !allowTampered ? TAMPERED : 0;
    }

    /**
     * Says on stderr what the journal's integrity is, unless it is verified (a transcript of a sealed, intact
     * journal is quiet) or the transcript on the terminal said so already.
     */
    static void tell(JournalIntegrity integrity, boolean shownOnTerminal, boolean allowTampered, String what) {
        IntegrityLine line = integrity.line();
        if (line.level() == IntegrityLine.Level.FAILED) {
            System.err.println("blackbox: " + line.line() + (allowTampered ? "; all of it shown anyway (--allow-tampered)"
                    : "; the " + what + " stops after seq " + integrity.lastVouched() + " (--allow-tampered shows the rest)"));
        } else if (line.level() == IntegrityLine.Level.WARNING && !shownOnTerminal) {
            System.err.println("blackbox: " + line.line());
        }
    }

    /**
     * The session's journal read from the node that holds it, verified entry by entry from entry 1 as it
     * is rendered: a broken chain stops the transcript before the bad entry, exit 1.
     */
    private int replayRemote(Format fmt, TranscriptOptions options, Bound fromBound, Bound toBound, ReplayJob.ProgressFactory progress)
            throws IOException, InterruptedException {
        try (FleetReader fleet = FleetReader.join(journal.config, cluster);
             RemoteEntries entries = fleet.open(session);
             OutputStream out = open(outFile)) {
            ChainCheck chain = entries.integrity();
            String host = entries.journal().host();
            // known once every entry the node has was checked (or one failed): at the end of the transcript
            ReplayJob job = new ReplayJob(journal.root(), session, fmt, options.withIntegrity(() -> !chain.ok()
                    || chain.verified() >= entries.lastSeq() ? JournalIntegrity.line(chain, host) : null),
                    fromBound, toBound, speed, idleLimit, follow);
            AccessRecord.record(journal, session, "replay", fmt.name().toLowerCase(Locale.ROOT), from, to, host);
            try {
                job.run(entries, out, progress, EntrySource.Waiter.BACKOFF, Player.Clock.SYSTEM);
            } catch (JournalException broken) {
                out.flush();
                System.err.println("blackbox: " + broken.getMessage());
                return TAMPERED;
            }
            System.err.println("blackbox: read from host " + host + " (node "
                    + PermissionsCommand.shortNode(entries.journal().node()) + "): " + chain.describe());
            return 0;
        } catch (IOException e) {
            if (isBrokenPipe(e)) {
                return 0;
            }
            throw new UsageError("cannot write the transcript: " + e.getMessage());
        }
    }

    private boolean colour(boolean toTerminal) {
        return switch (color.toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> toTerminal && Terminal.colourWanted();
            default -> throw new UsageError("--color must be auto, always or never, not '" + color + "'");
        };
    }

    private static Bound bound(String option, String value) {
        return value == null ? null : Bound.parse(option, value);
    }

    /** stdout as raw bytes (jsonl must pass frames through untouched), or the file, owner-only (export writes the same way). */
    static OutputStream open(Path outFile) throws IOException {
        if (outFile == null) {
            return new FileOutputStream(FileDescriptor.out) {
                @Override
                public void close() throws IOException {
                    flush(); // never close the process's stdout
                }
            };
        }
        try {
            if (!Files.exists(outFile)) {
                Files.createFile(outFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (UnsupportedOperationException notPosix) {
            // the file is created by the open below with default permissions
        } catch (IOException e) {
            throw new UsageError("cannot create " + outFile + ": " + e.getMessage());
        }
        return Files.newOutputStream(outFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    static boolean isBrokenPipe(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("broken pipe") || m.contains("stream closed");
    }
}
