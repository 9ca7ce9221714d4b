package dev.blackbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The journal benchmark of issue 2: append throughput and latency, then read throughput, of the
 * Blackbox journal side by side with raw Chronicle Queue appends of the same bytes and a Jackson
 * JSON-lines file, over realistic frames ({@link FrameCorpus}). Prints one table with ratios, the
 * verdict on the targets, and where the journal's append time goes.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar journal [--appends 1000000] [--warmup 200000] ...</pre>
 */
public final class JournalAppendBench {

    static final String USAGE = """
            usage: journal [--appends N] [--warmup N] [--slice N] [--rate N] [--corpus N] [--seed N] [--only NAMES] [--dir PATH]
              --appends N   measured appends per contender (default 1000000; 500k and 2M work too)
              --slice N     the contenders take turns appending N frames each until all are done (default 50000)
              --rate N      appends per second, paced (default 0: flat out); latency at a recorder-like pace
              --warmup N    appends (and reads) per contender before measuring, in a directory thrown away (default 200000)
              --corpus N    distinct frames the appends cycle through (default 1000)
              --seed N      seed of the corpus (default 42)
              --only NAMES  comma-separated contenders, in order (default raw,journal,journal-nohash,jsonl);
                            known: %s
              --dir PATH    where the fresh temp directory is made (default java.io.tmpdir); it is deleted after
            """;

    record Options(long appends, long warmup, long slice, long ratePerSecond, int corpusSize, long seed,
                   List<String> contenders, Path baseDir) {

        static Options parse(String[] args) {
            long appends = 1_000_000;
            long warmup = 200_000;
            long slice = 50_000;
            long rate = 0;
            int corpus = 1_000;
            long seed = 42;
            List<String> only = List.of("raw", "journal", "journal-nohash", "jsonl");
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new UsageException("missing value after " + flag + "\n" + usage());
                }
                String value = args[++i];
                switch (flag) {
                    case "--appends" -> appends = positive(flag, value);
                    case "--warmup" -> warmup = count(flag, value);
                    case "--slice" -> slice = positive(flag, value);
                    case "--rate" -> rate = Math.min(count(flag, value), 1_000_000_000);
                    case "--corpus" -> corpus = (int) Math.min(positive(flag, value), 1_000_000);
                    case "--seed" -> seed = count(flag, value);
                    case "--only" -> only = contenders(value);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new UsageException("unknown option " + flag + "\n" + usage());
                }
            }
            return new Options(appends, warmup, slice, rate, corpus, seed, only, dir);
        }

        private static List<String> contenders(String value) {
            Map<String, JournalContender> known = JournalContenders.byName();
            List<String> names = new ArrayList<>();
            for (String name : value.split(",")) {
                String n = name.trim();
                if (!known.containsKey(n)) {
                    throw new UsageException("unknown contender '" + n + "'; known: " + String.join(", ", known.keySet()));
                }
                if (names.contains(n)) {
                    throw new UsageException("contender '" + n + "' is named twice in --only");
                }
                names.add(n);
            }
            return names;
        }

        private static long positive(String flag, String value) {
            long n = count(flag, value);
            if (n == 0) {
                throw new UsageException(flag + " must be at least 1");
            }
            return n;
        }

        /** Accepts 1000000, 1_000_000, 500k, 2M. */
        private static long count(String flag, String value) {
            String v = value.replace("_", "").toLowerCase(Locale.ROOT);
            long scale = 1;
            if (v.endsWith("k")) {
                scale = 1_000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                scale = 1_000_000;
                v = v.substring(0, v.length() - 1);
            }
            try {
                long n = Long.parseLong(v) * scale;
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(flag + " expects a non-negative count such as 1000000 or 500k, not '" + value + "'");
            }
        }
    }

    /** Bad command line: printed as one line (or the usage), never a stack trace. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private JournalAppendBench() {
    }

    public static void main(String[] args) throws IOException {
        BenchMain.quietChronicle();
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage());
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage().strip());
            System.exit(2);
            return;
        }
        run(options);
    }

    static void run(Options options) throws IOException {
        FrameCorpus corpus = FrameCorpus.build(options.corpusSize(), options.seed());
        Files.createDirectories(options.baseDir());
        Path workDir = Files.createTempDirectory(options.baseDir(), "blackbox-journal-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JournalLoadDriver.deleteRecursively(workDir)));

        System.out.printf("Journal benchmark: %,d appends per contender (%s) after %,d warm-up appends; Java %s, %d cores; %s%n",
                options.appends(), options.ratePerSecond() == 0 ? "flat out" : "paced at " + options.ratePerSecond() + "/s",
                options.warmup(), Runtime.version(), Runtime.getRuntime().availableProcessors(), workDir);
        System.out.println("frames: " + corpus.describe());
        System.out.println("load average at start: " + loadAverage());
        System.out.println();

        JournalLoadDriver driver = new JournalLoadDriver(corpus, options, workDir);
        Map<String, JournalContender> known = JournalContenders.byName();
        List<JournalRunResult> results = new ArrayList<>();
        try {
            List<JournalContender> contenders = options.contenders().stream().map(known::get).toList();
            System.out.println("warming up (every contender, so the JIT has seen them all before any is measured) ...");
            for (JournalContender contender : contenders) {
                driver.warmUp(contender);
            }
            System.out.printf("measuring, the contenders taking turns of %,d appends ...%n", options.slice());
            results.addAll(driver.measure(contenders));
            JournalCostBreakdown.Costs costs = new JournalCostBreakdown(corpus, options.warmup(), options.appends(),
                    driver.payloadBytes(options.appends())).measure();
            System.out.println();
            JournalReport report = new JournalReport(System.out);
            report.table(results);
            report.latencyBySize(results);
            report.targets(results);
            report.breakdown(results, costs);
            System.out.println();
            System.out.println("load average at end: " + loadAverage() + " (2 cores; anything above ~1 is someone else's work)");
        } finally {
            JournalLoadDriver.deleteRecursively(workDir);
        }
    }

    /** The 1, 5 and 15 minute load averages, so a run on a busy machine says so; "n/a" off Linux. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String usage() {
        return USAGE.formatted(String.join(", ", JournalContenders.byName().keySet())).strip();
    }
}
