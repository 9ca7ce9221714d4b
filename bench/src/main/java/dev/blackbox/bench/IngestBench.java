package dev.blackbox.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ingest benchmark: the simulator's {@code load} scenario at full speed over loopback, consumed
 * side by side by a null sink (receive and discard), the real recorder, and a probe that appends
 * each frame to a journal and times the append. Reports frames/s, MB/s, the recorder's ratio to
 * the null sink, the consumer thread's CPU per frame, the append latency under load, and the
 * recorder's used heap after GC at 10, 50 and 100% of the session.
 *
 * <p>The source runs in a child JVM ({@link IngestSource}), fresh for each variant, so this JVM's
 * heap and event loop hold the consumer only.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar ingest [--count 1M] [--warmup 100k] [--source simulator|feeder] ...</pre>
 */
public final class IngestBench {

    static final String USAGE = """
            usage: ingest [--count N] [--warmup N] [--rounds N] [--source simulator|feeder] [--only NAMES] [--mix MIX]
                          [--dir PATH]
              --count N      frames of the measured burst per variant (default 1M; accepts 500k, 10M)
              --warmup N     frames of a warm-up session each variant consumes first (default 100k)
              --rounds N     run the variants in turn N times (default 1) and end with the median and range
                             of each figure: on a shared machine, turns spread the noise over all variants
              --source S     simulator (default): the real simulator in a child JVM; it keeps every frame
                             it sent in its session history (~2 KB of its heap per frame), so it runs out
                             of memory above ~2M frames. feeder: the same scenario and frame generator
                             without that history, for 10M-frame runs.
              --only NAMES   comma-separated variants, in order (default null,recorder,probe)
              --mix MIX      the load scenario's mix (default: as shipped)
              --dir PATH     where the temporary journals go (default java.io.tmpdir); deleted after
            """;

    static final Map<String, String> VARIANTS = Map.of(
            "null", IngestConsumers.NULL_SINK, "recorder", IngestConsumers.RECORDER, "probe", IngestConsumers.PROBE);

    record Options(long count, long warmup, int rounds, IngestSource.Kind source, List<String> variants, String mix,
                   Path dir) {

        static Options parse(String[] args) {
            long count = 1_000_000;
            long warmup = 100_000;
            int rounds = 1;
            IngestSource.Kind source = IngestSource.Kind.SIMULATOR;
            List<String> variants = List.of(IngestConsumers.NULL_SINK, IngestConsumers.RECORDER, IngestConsumers.PROBE);
            String mix = null;
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    throw new IllegalArgumentException(USAGE.strip());
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--count" -> count = count(flag, value, 1);
                    case "--warmup" -> warmup = count(flag, value, 1);
                    case "--rounds" -> rounds = (int) Math.min(count(flag, value, 1), 100);
                    case "--source" -> source = source(value);
                    case "--only" -> variants = variants(value);
                    case "--mix" -> mix = value;
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag + " (--help lists them)");
                }
            }
            IngestLoadScenario.of(count, mix); // a bad mix or count fails here, in one line
            return new Options(count, warmup, rounds, source, variants, mix, dir);
        }

        /** Accepts 1000000, 1_000_000, 500k, 10M. */
        static long count(String flag, String value, long min) {
            String v = value.replace("_", "").toLowerCase(Locale.ROOT);
            long scale = v.endsWith("k") ? 1_000 : v.endsWith("m") ? 1_000_000 : 1;
            try {
                long n = Long.parseLong(scale == 1 ? v : v.substring(0, v.length() - 1)) * scale;
                if (n < min || n > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " expects a count from " + min + " to " + Integer.MAX_VALUE
                        + " such as 1000000, 500k or 10M, not '" + value + "'");
            }
        }

        private static IngestSource.Kind source(String value) {
            return switch (value) {
                case "simulator" -> IngestSource.Kind.SIMULATOR;
                case "feeder" -> IngestSource.Kind.FEEDER;
                default -> throw new IllegalArgumentException("--source is simulator or feeder, not '" + value + "'");
            };
        }

        private static List<String> variants(String value) {
            List<String> out = new ArrayList<>();
            for (String name : value.split(",")) {
                String variant = VARIANTS.get(name.trim());
                if (variant == null) {
                    throw new IllegalArgumentException("unknown variant '" + name.trim() + "'; known: null, recorder, probe");
                }
                if (!out.contains(variant)) {
                    out.add(variant);
                }
            }
            return out;
        }
    }

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchMain.quietChronicle();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(options);
        } catch (Exception e) {
            System.err.println("ingest: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // the Vert.x and Chronicle threads would keep the JVM up
    }

    static void run(Options options) throws Exception {
        long warmupFrames = IngestLoadScenario.framesPerSession(IngestLoadScenario.of(options.warmup(), options.mix()));
        long frames = IngestLoadScenario.framesPerSession(IngestLoadScenario.of(options.count(), options.mix()));
        Path workDir = IngestConsumers.createWorkDir(options.dir());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JournalLoadDriver.deleteRecursively(workDir)));
        System.out.printf("Ingest benchmark: the load scenario (rate 0) from the %s in a child JVM, %,d frames per variant"
                        + " after a %,d-frame warm-up session; Java %s, %d cores, max heap %,d MB; %s%n",
                options.source().name().toLowerCase(Locale.ROOT), frames, warmupFrames, Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, workDir);
        System.out.println("load average at start: " + JournalAppendBench.loadAverage());

        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)).build();
        IngestReport report = new IngestReport(System.out);
        List<List<IngestResult>> rounds = new ArrayList<>();
        try {
            for (int round = 1; round <= options.rounds(); round++) {
                List<IngestResult> results = new ArrayList<>();
                for (String variant : options.variants()) {
                    System.out.printf("round %d of %d, %s: warming up, then %,d frames ...%n", round, options.rounds(),
                            variant, frames);
                    results.add(measure(vertx, options, token, workDir, variant, warmupFrames, frames));
                }
                System.out.println();
                report.print(results);
                System.out.println("load average now: " + JournalAppendBench.loadAverage());
                System.out.println();
                rounds.add(results);
            }
        } finally {
            vertx.close().await();
            JournalLoadDriver.deleteRecursively(workDir);
        }
        if (rounds.size() > 1) {
            report.summary(rounds);
            System.out.println();
        }
        System.out.println("load average at end: " + JournalAppendBench.loadAverage()
                + " (2 cores; the two JVMs of the bench account for up to ~2)");
    }

    /** One variant over a fresh source JVM: the warm-up session, then the measured one. */
    private static IngestResult measure(Vertx vertx, Options options, String token, Path workDir, String variant,
                                        long warmupFrames, long frames) throws Exception {
        try (RoundTripChildJvm source = RoundTripChildJvm.start("source", IngestSource.class, List.of(),
                IngestSource.args(options.source(), options.warmup(), options.count(), options.mix()),
                Map.of(IngestSource.TOKEN_ENV, token), 60)) {
            IngestConsumers consumers = new IngestConsumers(vertx,
                    URI.create("http://127.0.0.1:" + source.readyDetails()), token, workDir);
            consumers.run(variant, IngestSource.WARMUP_SESSION, warmupFrames, false);
            return consumers.run(variant, IngestSource.MEASURED_SESSION, frames, true);
        }
    }
}
