package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Trees;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The ingest benchmark (issue 12): can the recorder take a session's stream at the transport's limit?
 * A raw Netty source ({@link FrameSource}) streams pre-encoded frames of three mixes built from the real
 * worker's frames ({@link FrameMixes}); a JVM null sink, a JSON-lines writer ({@link PeerClient}) and
 * {@code blackbox record} (the runnable jar) take turns consuming them, each in a fresh JVM; and the
 * source's own rate is measured against a raw drain ({@link RawDrain}). Modes: {@code throughput},
 * {@code sessions} ({@link SessionsBench}), {@code heap} ({@link HeapBench}), {@code source}, {@code parts}
 * ({@link IngestParts}).
 *
 * <pre>java -jar bench/target/blackbox-bench.jar ingest [throughput|sessions|heap|source|parts] [--help]</pre>
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        IngestOptions options;
        try {
            options = IngestOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, FrameSource.Plan> plans = ThroughputBench.newPlans();
        int threads = options.mode().equals("sessions") ? 2 : 1;
        System.out.println("ingest " + options.mode() + ": " + machine() + "; " + LoadAverage.line());
        try (FrameSource source = new FrameSource(token, threads, plans::get)) {
            switch (options.mode()) {
                case "sessions" -> new SessionsBench(options, source, plans, token).run();
                case "heap" -> new HeapBench(options, source, plans, token).run();
                case "parts" -> IngestParts.run(options);
                default -> throughput(options, source, plans, token);
            }
        } finally {
            Path work = options.dir().resolve("blackbox-ingest-" + ProcessHandle.current().pid());
            if (options.keep()) {
                System.out.println("kept: " + work);
            } else {
                Trees.deleteQuietly(work);
            }
        }
        System.out.println(LoadAverage.line());
        System.exit(0);
    }

    private static void throughput(IngestOptions options, FrameSource source, Map<String, FrameSource.Plan> plans,
                                   String token) throws Exception {
        List<MixData> mixes = new ArrayList<>();
        for (FrameMixes.Mix mix : options.mixes()) {
            MixData data = MixData.of(mix, options.scale());
            System.out.println(data.describe());
            mixes.add(data);
        }
        ThroughputBench bench = new ThroughputBench(options, source, plans, token);
        Map<FrameMixes.Mix, List<RawDrain.Drained>> checks = new EnumMap<>(FrameMixes.Mix.class);
        for (MixData data : mixes) {
            bench.sourceCheck(data); // warms the source up
            RawDrain.Drained d = bench.sourceCheck(data);
            checks.computeIfAbsent(data.mix(), m -> new ArrayList<>()).add(d);
            System.out.printf("source alone, %s: %s frames/s, %.0f MB/s (raw drain)%n", data.mix().spelling,
                    Spread.human(d.framesPerSecond()), d.megabytesPerSecond());
        }
        if (options.mode().equals("source")) {
            return;
        }
        List<ThroughputBench.Result> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            System.out.println("round " + round + " of " + options.rounds() + ": " + LoadAverage.line());
            for (int m = 0; m < mixes.size(); m++) {
                MixData data = mixes.get(m);
                List<String> order = rotated(options.clients(), round - 1 + m);
                for (String client : order) {
                    ThroughputBench.Result r = bench.run(data, client, round, round == 1 || options.verifyAll());
                    results.add(r);
                    System.out.println(ThroughputReport.line(r));
                }
            }
        }
        for (MixData data : mixes) {
            RawDrain.Drained d = bench.sourceCheck(data);
            checks.get(data.mix()).add(d);
            System.out.printf("source alone again, %s: %s frames/s, %.0f MB/s%n", data.mix().spelling,
                    Spread.human(d.framesPerSecond()), d.megabytesPerSecond());
        }
        new ThroughputReport(results, checks, options.clients()).print(System.out);
    }

    private static List<String> rotated(List<String> clients, int by) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            out.add(clients.get((i + by) % clients.size()));
        }
        return out;
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", dir "
                + Path.of(System.getProperty("java.io.tmpdir"));
    }
}
