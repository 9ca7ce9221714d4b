package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.JournalVerifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * kill -9 at random points against a child appending flat out ({@link ChaosAppender}), N times. After
 * each kill: {@code verify} must say unsealed, torn tail or sealed (never tampered), hold every
 * acknowledged entry with its exact payload, and the next child (a restart on the same journal) must
 * continue the sequence with a RECORDING_RESUMED entry for the last good seq.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar chaos [--trials 100] [--seed 1] [--max-ms 800] [--dir PATH] [--per-journal 10]</pre>
 */
public final class ChaosTrials {

    static final String USAGE = """
            usage: chaos [--trials N] [--seed N] [--min-ms N] [--max-ms N] [--per-journal N] [--dir PATH]
              --trials N       kill -9 trials (default 100)
              --seed N         seed of the kill times (default 1)
              --min-ms/--max-ms  the kill lands this long after the child opened the journal (default 20-800 ms)
              --per-journal N  trials on one journal before a fresh one (default 10): restarts continue it
              --dir PATH       where the journals go (default: a temp directory, deleted after)
            """;

    record Options(int trials, long seed, int minMs, int maxMs, int perJournal, Path dir) {
    }

    /** One trial's outcome. */
    record Trial(int number, long killedAfterMs, long acknowledged, JournalVerifier.Result verdict, List<String> problems) {
    }

    /** Every trial, and the verdict counts. */
    record Summary(List<Trial> trials, Map<JournalVerifier.Status, Integer> verdicts, int failed) {
    }

    private final Options options;
    private final PrintStream log;

    ChaosTrials(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path dir = o.dir() != null ? o.dir() : Files.createTempDirectory("blackbox-chaos");
        Summary s = new ChaosTrials(new Options(o.trials(), o.seed(), o.minMs(), o.maxMs(), o.perJournal(), dir), System.out).run();
        System.out.println();
        System.out.printf("%d trials: %s; failed checks: %d%n", s.trials().size(), s.verdicts(), s.failed());
        if (o.dir() == null) {
            JournalLoadDriver.deleteRecursively(dir);
        }
        System.exit(s.failed() == 0 ? 0 : 1);
    }

    Summary run() throws Exception {
        SplittableRandom random = new SplittableRandom(options.seed());
        List<Trial> trials = new ArrayList<>();
        Map<JournalVerifier.Status, Integer> counts = new EnumMap<>(JournalVerifier.Status.class);
        int failed = 0;
        long previousEntries = 0;
        for (int i = 1; i <= options.trials(); i++) {
            String session = "chaos_" + ((i - 1) / options.perJournal());
            if ((i - 1) % options.perJournal() == 0) {
                previousEntries = 0;
            }
            long delay = options.minMs() + random.nextInt(Math.max(1, options.maxMs() - options.minMs()));
            Trial t = trial(i, session, delay, previousEntries);
            trials.add(t);
            counts.merge(t.verdict().status(), 1, Integer::sum);
            if (!t.problems().isEmpty()) {
                failed++;
            }
            previousEntries = t.verdict().entries();
            log.printf("trial %3d  %-9s killed after %4d ms, %6d acknowledged: %s%s%n", i, session, t.killedAfterMs(),
                    t.acknowledged(), t.verdict().describe(), t.problems().isEmpty() ? "" : "  FAILED: " + t.problems());
        }
        return new Summary(trials, counts, failed);
    }

    private Trial trial(int number, String session, long delayMs, long previousEntries) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RoundTripChildJvm.MODULE_FLAGS.stream().filter(f -> !f.startsWith("--enable-native")).toList());
        command.addAll(List.of("-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
                "-Dchronicle.disk.monitor.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), ChaosAppender.class.getName(), options.dir().toString(), session));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acked = 0;
        long opened;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String first = out.readLine();
            if (first == null || !first.startsWith("OPEN ")) {
                throw new IllegalStateException("the appender did not start: " + first);
            }
            opened = Long.parseLong(first.substring(5));
            if (previousEntries > 0 && opened != previousEntries + 1) {
                problems.add("restart opened at seq " + opened + ", expected RECORDING_RESUMED at " + (previousEntries + 1));
            }
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
            // read acknowledgements until it is time, then kill -9 (kill(1): destroyForcibly would close our end of stdout)
            Thread killer = new Thread(() -> {
                try {
                    long wait = killAt - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
                } catch (IOException | InterruptedException e) {
                    child.destroyForcibly();
                }
            });
            killer.start();
            for (String line; (line = out.readLine()) != null; ) {
                acked = Long.parseLong(line.trim());
            }
            killer.join();
        } finally {
            child.waitFor(30, TimeUnit.SECONDS);
            child.destroyForcibly();
        }
        JournalVerifier.Result verdict = JournalVerifier.verify(options.dir(), session);
        if (verdict.status() == JournalVerifier.Status.TAMPERED || verdict.status() == JournalVerifier.Status.LIVE) {
            problems.add("verdict " + verdict.status());
        }
        if (verdict.entries() < acked) {
            problems.add("lost acknowledged entries: verified " + verdict.entries() + " < acknowledged " + acked);
        }
        if (acked > 0 && problems.isEmpty()) {
            checkEntries(session, opened, acked, problems);
        }
        return new Trial(number, delayMs, acked, verdict, problems);
    }

    /** The restart's RECORDING_RESUMED names the last good seq, and the last acknowledged entry is the exact bytes written. */
    private void checkEntries(String session, long opened, long acked, List<String> problems) {
        try (JournalReader reader = JournalReader.open(options.dir(), session)) {
            reader.seek(Math.max(1, opened));
            JournalEntry resumed = opened > 1 ? reader.next() : null;
            if (resumed != null) {
                if (resumed.seq() != opened || resumed.kind() != EntryKind.RECORDING_RESUMED
                        || JournalRecord.Codec.decode(resumed.payload(), JournalRecord.RecordingResumed.class).lastGoodSeq() != opened - 1) {
                    problems.add("seq " + opened + " is not RECORDING_RESUMED after seq " + (opened - 1) + ": " + resumed);
                }
            }
            reader.seek(acked);
            JournalEntry last = reader.next();
            if (last == null || last.seq() != acked || !Arrays.equals(last.payload(), ChaosAppender.payload(acked))) {
                problems.add("the last acknowledged entry, seq " + acked + ", is not what was written: " + last);
            }
        }
    }

    static Options parse(String[] args) {
        int trials = 100;
        long seed = 1;
        int min = 20;
        int max = 800;
        int per = 10;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i] + "\n" + USAGE);
            }
            String v = args[++i];
            switch (args[i - 1]) {
                case "--trials" -> trials = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--min-ms" -> min = Integer.parseInt(v);
                case "--max-ms" -> max = Integer.parseInt(v);
                case "--per-journal" -> per = Integer.parseInt(v);
                case "--dir" -> dir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
            }
        }
        return new Options(trials, seed, min, max, per, dir);
    }
}
