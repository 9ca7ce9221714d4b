package dev.blackbox.bench;

import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.replay.remote.ChainCheck;
import dev.blackbox.replay.remote.JournalPage;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fleet on two JVMs: a recorder node (a child process recording sessions with pending requests
 * and serving the journals it holds) and this one, which records nothing and asks over the cluster.
 * Measures the fleet-wide pending query (latency, gathered from the recorder node), one journal page
 * (latency), and reading a large journal from the other node, its chain recomputed here (entries/s),
 * against reading and verifying the same journal from the local disk in the same run.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar fleet [--entries N] [--queries N] [--sessions N] [--rounds N] [--dir DIR]</pre>
 */
public final class FleetBench {

    static final String BIG = "bench_fleet_journal";

    record Options(int entries, int queries, int sessions, int rounds, Path dir) {
        static Options parse(String[] args) {
            int entries = 200_000;
            int queries = 500;
            int sessions = 4;
            int rounds = 3;
            Path dir = Path.of(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--entries" -> entries = Integer.parseInt(value);
                    case "--queries" -> queries = Integer.parseInt(value);
                    case "--sessions" -> sessions = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--dir" -> dir = Path.of(value);
                    case "--help" -> throw new IllegalArgumentException(
                            "fleet [--entries N (200000)] [--queries N (500)] [--sessions N (4)] [--rounds N (3)] [--dir DIR]");
                    default -> throw new IllegalArgumentException("fleet: unknown option " + args[i]);
                }
                i++;
            }
            return new Options(entries, queries, sessions, rounds, dir);
        }
    }

    /** One round's figures. */
    record Round(Histogram pendingMicros, Histogram pageMicros, double remotePerSecond, double localPerSecond,
                 double firstEntryMs, long entries) {
    }

    private FleetBench() {
    }

    public static void main(String[] args) {
        BenchMain.clusteredMain("fleet", args, Options::parse, FleetBench::run);
    }

    static void run(Options options) throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(options.dir()), "blackbox-fleet-bench-");
        Path root = work.resolve("journal");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JournalLoadDriver.deleteRecursively(work)));
        FrameCorpus corpus = FrameCorpus.build(2_000, 42);
        try (SessionJournal journal = SessionJournal.open(root, BIG)) {
            for (int i = 0; i < options.entries(); i++) {
                FrameCorpus.Frame f = corpus.get(i);
                journal.append(f.kind(), f.bytes());
            }
        }
        System.out.printf("Fleet benchmark: 2 JVMs on one cluster (loopback); a journal of %,d entries (mean %.0f B); "
                        + "%d sessions with 2 pending requests each; %,d pending queries per round; Java %s, %d cores%n",
                options.entries(), corpus.meanBytes(), options.sessions(), options.queries(), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("load average at start: " + JournalAppendBench.loadAverage());
        String cluster = "blackbox-fleet-bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        int childPort = freePort();
        String member = "127.0.0.1:" + childPort;
        List<Round> rounds = new ArrayList<>();
        try (RoundTripChildJvm node = RoundTripChildJvm.start("recorder-node", FleetBenchNode.class, List.of("-Xmx384m"),
                List.of(cluster, Integer.toString(childPort), member, root.toString(), Integer.toString(options.sessions())),
                Map.of(), 120)) {
            Vertx vertx = ClusteredVertx.start(RoundTripApprover.cluster(cluster, freePort(), member)).await();
            try {
                awaitFleet(vertx, options.sessions() * 2);
                for (int r = 1; r <= options.rounds(); r++) {
                    Round round = round(vertx, root, options);
                    rounds.add(round);
                    print(r, round);
                }
            } finally {
                vertx.close().await();
            }
        } finally {
            JournalLoadDriver.deleteRecursively(work);
        }
        summary(rounds);
        System.out.println("load average at end: " + JournalAppendBench.loadAverage() + " (2 cores)");
    }

    /** Until the recorder node's directory entries and pending requests are visible from here. */
    private static void awaitFleet(Vertx vertx, int pending) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject()).await().body();
                boolean big = RemoteJournal.locate(vertx, BIG).map(j -> true).otherwise(false).await();
                if (reply.getJsonArray("pending").size() == pending && big) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the node's consumers or directory entries have not reached this node yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the recorder node's sessions did not show up within 60 s");
    }

    private static Round round(Vertx vertx, Path root, Options options) {
        Histogram pending = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        for (int i = 0; i < options.queries() + 50; i++) {
            long t0 = System.nanoTime();
            JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject()).await().body();
            long micros = (System.nanoTime() - t0) / 1_000;
            if (reply.getJsonArray("pending").size() != options.sessions() * 2) {
                throw new IllegalStateException("the pending list lost requests: " + reply.getJsonArray("pending").size());
            }
            if (i >= 50) {
                pending.recordValue(micros);
            }
        }
        RemoteJournal journal = RemoteJournal.locate(vertx, BIG).await();
        Histogram pages = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        for (int i = 0; i < 250; i++) {
            long from = 1 + (long) i * JournalPage.DEFAULT_MAX_ENTRIES % Math.max(1, options.entries() - JournalPage.DEFAULT_MAX_ENTRIES);
            long t0 = System.nanoTime();
            journal.page(from, JournalPage.DEFAULT_MAX_ENTRIES, JournalPage.DEFAULT_MAX_BYTES, 0).await();
            if (i >= 50) {
                pages.recordValue((System.nanoTime() - t0) / 1_000);
            }
        }
        long t0 = System.nanoTime();
        long read = 0;
        double firstMs = 0;
        try (RemoteEntries entries = RemoteEntries.blocking(journal, 0)) {
            for (JournalEntry e = entries.next(); e != null; e = entries.next()) {
                if (read++ == 0) {
                    firstMs = (System.nanoTime() - t0) / 1e6;
                }
            }
            if (!entries.integrity().ok() || read != options.entries()) {
                throw new IllegalStateException("remote read: " + read + " entries, " + entries.integrity().describe());
            }
        }
        double remote = read / ((System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        long local = 0;
        ChainCheck chain = new ChainCheck(BIG);
        try (JournalReader reader = JournalReader.open(root, BIG)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                chain.accept(e);
                local++;
            }
        }
        if (!chain.ok() || local != options.entries()) {
            throw new IllegalStateException("local read: " + chain.describe());
        }
        return new Round(pending, pages, remote, local / ((System.nanoTime() - t1) / 1e9), firstMs, read);
    }

    private static void print(int n, Round r) {
        System.out.printf(Locale.ROOT, "round %d: pending query p50 %.2f ms, p99 %.2f ms, max %.2f ms | journal page (%d entries) p50 %.2f ms, "
                        + "p99 %.2f ms | replay+verify from the other node %,.0f entries/s (first entry after %.1f ms) vs local %,.0f entries/s "
                        + "(%.2fx) | load %s%n",
                n, ms(r.pendingMicros().getValueAtPercentile(50)), ms(r.pendingMicros().getValueAtPercentile(99)),
                ms(r.pendingMicros().getMaxValue()), JournalPage.DEFAULT_MAX_ENTRIES, ms(r.pageMicros().getValueAtPercentile(50)),
                ms(r.pageMicros().getValueAtPercentile(99)), r.remotePerSecond(), r.firstEntryMs(), r.localPerSecond(),
                r.remotePerSecond() / r.localPerSecond(), JournalAppendBench.loadAverage());
    }

    private static void summary(List<Round> rounds) {
        System.out.println();
        System.out.println("median (min-max) over " + rounds.size() + " rounds:");
        line("pending query p50 (ms)", rounds.stream().map(r -> ms(r.pendingMicros().getValueAtPercentile(50))).toList());
        line("pending query p99 (ms)", rounds.stream().map(r -> ms(r.pendingMicros().getValueAtPercentile(99))).toList());
        line("journal page p50 (ms)", rounds.stream().map(r -> ms(r.pageMicros().getValueAtPercentile(50))).toList());
        line("journal page p99 (ms)", rounds.stream().map(r -> ms(r.pageMicros().getValueAtPercentile(99))).toList());
        line("remote replay (entries/s)", rounds.stream().map(Round::remotePerSecond).toList());
        line("local replay (entries/s)", rounds.stream().map(Round::localPerSecond).toList());
        line("remote / local", rounds.stream().map(r -> r.remotePerSecond() / r.localPerSecond()).toList());
        line("remote first entry (ms)", rounds.stream().map(Round::firstEntryMs).toList());
    }

    private static void line(String label, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "  %-27s %,12.2f  (%,.2f - %,.2f)%n", label, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
