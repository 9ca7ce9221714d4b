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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kill -9 at random points against a child appending flat out ({@link ChaosAppender}), N times. After
 * each kill: {@code verify} must say unsealed, torn tail or sealed (never tampered), hold every
 * acknowledged entry with its exact payload, and the next child (a restart on the same journal) must
 * continue the sequence with a RECORDING_RESUMED entry for the last good seq.
 *
 * <p>Options put the kill where a writer is most fragile: {@code --from-start} counts the delay from the child's
 * start, so a kill can land while it opens the journal or while Chronicle creates its first cycle file;
 * {@code --day-ms N} runs the child's clock a day every N ms, so it rolls to a new cycle file all the time;
 * {@code --verifiers N} keeps N verifies going against the journal while the child appends (each must say
 * {@code live}, and the writer must keep its lock).
 *
 * <pre>java -jar bench/target/blackbox-bench.jar chaos [--trials 100] [--seed 1] [--max-ms 800] [--dir PATH] [--per-journal 10]
 *     [--from-start] [--day-ms N] [--verifiers N]</pre>
 */
public final class ChaosTrials {

    static final String USAGE = """
            usage: chaos [--trials N] [--seed N] [--min-ms N] [--max-ms N] [--per-journal N] [--dir PATH]
              --trials N       kill -9 trials (default 100)
              --seed N         seed of the kill times (default 1)
              --min-ms/--max-ms  the kill lands this long after the child opened the journal (default 20-800 ms)
              --per-journal N  trials on one journal before a fresh one (default 10): restarts continue it
              --dir PATH       where the journals go (default: a temp directory, deleted after)
              --from-start     count the delay from the child's start, not from its open journal: the kill may land
                               while it opens the journal or creates its first cycle file
              --day-ms N       the child's clock runs a day every N ms: a new cycle file that often (default: real time)
              --verifiers N    N threads verify the journal over and over while the child appends (default 0);
                               each verdict must be live
            """;

    record Options(int trials, long seed, int minMs, int maxMs, int perJournal, Path dir, boolean fromStart, int dayMs,
                   int verifiers) {
        Options(int trials, long seed, int minMs, int maxMs, int perJournal, Path dir) {
            this(trials, seed, minMs, maxMs, perJournal, dir, false, 0, 0);
        }

        Options in(Path dir) {
            return new Options(trials, seed, minMs, maxMs, perJournal, dir, fromStart, dayMs, verifiers);
        }
    }

    /** One trial's outcome; no verdict when the child was killed before it made the journal's directory. */
    record Trial(int number, long killedAfterMs, long acknowledged, JournalVerifier.Result verdict, List<String> problems) {
        String describe() {
            return verdict == null ? "killed before it made the journal's directory" : verdict.describe();
        }
    }

    /** Every trial, the verdict counts, and how many verifies ran while a child appended. */
    record Summary(List<Trial> trials, Map<JournalVerifier.Status, Integer> verdicts, int failed, long liveVerifies) {
    }

    private final Options options;
    private final PrintStream log;
    /** Where the children's fast clock starts (one origin for the run, so a restart goes on from where the last child was). */
    private final long clockOrigin = System.currentTimeMillis() * 1000;
    private final AtomicLong liveVerifies = new AtomicLong();

    ChaosTrials(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Path dir = o.dir() != null ? o.dir() : Files.createTempDirectory("blackbox-chaos");
        Summary s = new ChaosTrials(o.in(dir), System.out).run();
        System.out.println();
        System.out.printf("%d trials: %s; failed checks: %d%s%n", s.trials().size(), s.verdicts(), s.failed(),
                o.verifiers() > 0 ? "; concurrent verifies: " + s.liveVerifies() + ", all live: " + (s.failed() == 0) : "");
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
            if (t.verdict() != null) {
                counts.merge(t.verdict().status(), 1, Integer::sum);
                previousEntries = t.verdict().entries();
            }
            if (!t.problems().isEmpty()) {
                failed++;
            }
            log.printf("trial %3d  %-9s killed after %4d ms, %6d acknowledged: %s%s%n", i, session, t.killedAfterMs(),
                    t.acknowledged(), t.describe(), t.problems().isEmpty() ? "" : "  FAILED: " + t.problems());
        }
        return new Summary(trials, counts, failed, liveVerifies.get());
    }

    private Trial trial(int number, String session, long delayMs, long previousEntries) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RoundTripChildJvm.MODULE_FLAGS.stream().filter(f -> !f.startsWith("--enable-native")).toList());
        command.addAll(List.of("-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
                "-Dchronicle.disk.monitor.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), ChaosAppender.class.getName(), options.dir().toString(), session));
        if (options.dayMs() > 0) {
            command.addAll(List.of(Long.toString(clockOrigin), Integer.toString(options.dayMs())));
        }
        Path childErr = options.dir().resolve(session + ".stderr");
        Process child = new ProcessBuilder(command).redirectError(childErr.toFile()).start(); // why, if it fails to start
        long acked = 0;
        long opened = -1;
        Thread killer = null;
        List<Thread> verifiers = new ArrayList<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String start = out.readLine();
            if (!"START".equals(start)) {
                throw new IllegalStateException("the appender did not start: " + start + lastLine(childErr));
            }
            if (options.fromStart()) {
                killer = killer(child, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
            }
            String first = out.readLine();
            if (first != null && first.startsWith("OPEN ")) {
                opened = Long.parseLong(first.substring(5));
                if (previousEntries > 0 && opened != previousEntries + 1) {
                    problems.add("restart opened at seq " + opened + ", expected RECORDING_RESUMED at " + (previousEntries + 1));
                }
                if (killer == null) {
                    killer = killer(child, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
                }
                for (int v = 0; v < options.verifiers(); v++) {
                    verifiers.add(verifier(session, child, appending, problems));
                }
            } else if (!options.fromStart()) {
                throw new IllegalStateException("the appender did not start: " + first + lastLine(childErr));
            }
            // read acknowledgements until the kill (kill(1): destroyForcibly would close our end of stdout)
            for (String line; opened >= 0 && (line = out.readLine()) != null; ) {
                acked = Long.parseLong(line.trim());
            }
            if (killer != null) {
                killer.join();
            }
        } finally {
            child.waitFor(30, TimeUnit.SECONDS);
            child.destroyForcibly();
            appending.set(false);
            for (Thread v : verifiers) {
                v.join();
            }
        }
        if (opened < 0 && !Files.isDirectory(options.dir().resolve(session))) {
            return new Trial(number, delayMs, 0, null, problems); // nothing was made: no journal to judge
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

    private static Thread killer(Process child, long killAt) {
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
        }, "chaos-killer");
        killer.start();
        return killer;
    }

    private static boolean exits(Process child) {
        try {
            return child.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Verifies the journal over and over while the child appends: live every time (a verdict after the kill does not count). */
    private Thread verifier(String session, Process child, AtomicBoolean appending, List<String> problems) {
        Thread t = new Thread(() -> {
            while (appending.get() && child.isAlive()) {
                JournalVerifier.Result r = JournalVerifier.verify(options.dir(), session);
                if (r.status() == JournalVerifier.Status.LIVE) {
                    liveVerifies.incrementAndGet();
                } else if (!exits(child)) { // a verdict of a writer killed a moment ago is no finding
                    synchronized (problems) {
                        problems.add("verify while appending: " + r.describe());
                    }
                }
            }
        }, "chaos-verifier");
        t.start();
        return t;
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
        boolean fromStart = false;
        int dayMs = 0;
        int verifiers = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (args[i].equals("--from-start")) {
                fromStart = true;
                continue;
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
                case "--day-ms" -> dayMs = Integer.parseInt(v);
                case "--verifiers" -> verifiers = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
            }
        }
        return new Options(trials, seed, min, max, per, dir, fromStart, dayMs, verifiers);
    }

    /** The child's last stderr line, to say why it did not start. */
    private static String lastLine(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : " (its stderr ends: " + lines.get(lines.size() - 1).strip() + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
