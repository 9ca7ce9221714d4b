package dev.blackbox.bench;

import dev.blackbox.app.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The permission round-trip benchmark: from a {@code can_use_tool} frame journaled to the
 * {@code control_response} journaled (and written), decided by an in-process allow-all policy, and
 * by an approver in a second JVM on a clustered bus over loopback; each beside its baseline, raw
 * event-bus request/reply with a tiny JSON body in the same topology. HdrHistogram percentiles,
 * side by side, with ratios and the targets (p99 1 ms in process, 5 ms across JVMs).
 *
 * <pre>java -jar bench/target/blackbox-bench.jar permissions [--warmup 500] [--requests 5000] [--only ...]</pre>
 */
public final class PermissionRoundTripBench {

    static final String USAGE = """
            usage: permissions [--warmup N] [--requests N] [--rounds N] [--event-loops N] [--only NAMES] [--dir PATH]
              --warmup N     round trips per variant before measuring (default 500)
              --requests N   measured round trips per variant (default 5000)
              --rounds N     run all variants N times in turn (default 1), then the median and range of each
                             percentile (the approver JVM is started afresh each round)
              --event-loops N  event loops of the in-process Vert.x (default 2 x cores; 1 puts the simulator,
                             recorder, broker and policy on one thread: no thread wake-ups between them)
              --only NAMES   comma-separated, in order (default bus,policy,cluster-bus,approver):
                               bus          event-bus request/reply inside this JVM (baseline)
                               policy       permission round trip, in-process allow-all policy
                               cluster-bus  event-bus request/reply to a second JVM (baseline)
                               approver     permission round trip, approver in a second JVM
              --dir PATH     where the temporary journals go (default java.io.tmpdir); deleted after
            """;

    static final String BUS = "bus, in-process";
    static final String POLICY = "policy, in-process";
    static final String CLUSTER_BUS = "bus, 2 JVMs";
    static final String APPROVER = "approver, 2 JVMs";
    static final Map<String, String> VARIANTS = Map.of("bus", BUS, "policy", POLICY, "cluster-bus", CLUSTER_BUS,
            "approver", APPROVER);

    record Options(int warmup, int requests, int rounds, int eventLoops, List<String> variants, Path dir) {

        static Options parse(String[] args) {
            int warmup = 500;
            int requests = 5_000;
            int rounds = 1;
            int eventLoops = 0;
            List<String> variants = List.of(BUS, POLICY, CLUSTER_BUS, APPROVER);
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
                    case "--warmup" -> warmup = (int) Counts.parse(flag, value, 0);
                    case "--requests" -> requests = (int) Counts.parse(flag, value, 1);
                    case "--rounds" -> rounds = (int) Math.min(Counts.parse(flag, value, 1), 100);
                    case "--event-loops" -> eventLoops = (int) Math.min(Counts.parse(flag, value, 1), 64);
                    case "--only" -> variants = variants(value);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag + " (--help lists them)");
                }
            }
            return new Options(warmup, requests, rounds, eventLoops, variants, dir);
        }

        private static List<String> variants(String value) {
            List<String> out = new ArrayList<>();
            for (String name : value.split(",")) {
                String variant = VARIANTS.get(name.trim());
                if (variant == null) {
                    throw new IllegalArgumentException("unknown variant '" + name.trim()
                            + "'; known: bus, policy, cluster-bus, approver");
                }
                if (!out.contains(variant)) {
                    out.add(variant);
                }
            }
            return out;
        }
    }

    private PermissionRoundTripBench() {
    }

    public static void main(String[] args) {
        BenchMain.clusteredMain("permissions", args, Options::parse, PermissionRoundTripBench::run);
    }

    static void run(Options options) throws Exception {
        Files.createDirectories(options.dir());
        Path workDir = Files.createTempDirectory(options.dir(), "blackbox-permission-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> JournalLoadDriver.deleteRecursively(workDir)));
        System.out.printf("Permission round-trip benchmark: %,d measured after %,d warm-up per variant; Java %s, %d cores%n",
                options.requests(), options.warmup(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("load average at start: " + JournalAppendBench.loadAverage());
        RoundTripReport report = new RoundTripReport(System.out);
        List<List<RoundTripReport.Row>> rounds = new ArrayList<>();
        try {
            for (int round = 1; round <= options.rounds(); round++) {
                System.out.printf("round %d of %d%n", round, options.rounds());
                List<RoundTripReport.Row> rows = new ArrayList<>();
                inProcess(options, workDir, rows);
                acrossJvms(options, workDir, rows);
                System.out.println();
                report.print(rows);
                System.out.println("load average now: " + JournalAppendBench.loadAverage());
                System.out.println();
                rounds.add(rows);
            }
        } finally {
            JournalLoadDriver.deleteRecursively(workDir);
        }
        if (rounds.size() > 1) {
            report.summary(rounds);
            System.out.println();
        }
        System.out.println("load average at end: " + JournalAppendBench.loadAverage() + " (2 cores)");
    }

    private static void inProcess(Options options, Path workDir, List<RoundTripReport.Row> rows) throws Exception {
        if (!options.variants().contains(BUS) && !options.variants().contains(POLICY)) {
            return;
        }
        VertxOptions vertxOptions = new VertxOptions();
        if (options.eventLoops() > 0) {
            vertxOptions.setEventLoopPoolSize(options.eventLoops());
        }
        Vertx vertx = Vertx.vertx(vertxOptions);
        try {
            if (options.variants().contains(BUS)) {
                progress(BUS);
                String echo = vertx.deployVerticle(new RoundTripEcho()).await();
                rows.add(new RoundTripReport.Row(BUS, ping(vertx, options), 0, null, null));
                vertx.undeploy(echo).await();
            }
            if (options.variants().contains(POLICY)) {
                progress(POLICY);
                RoundTripLatencies l = RoundTripSession.run(vertx, workDir, "rt_policy", options.warmup(), options.requests(), true);
                rows.add(new RoundTripReport.Row(POLICY, l.nanos(), l.unanswered(), BUS, 1.0));
            }
        } finally {
            vertx.close().await();
        }
    }

    private static void acrossJvms(Options options, Path workDir, List<RoundTripReport.Row> rows) throws Exception {
        if (!options.variants().contains(CLUSTER_BUS) && !options.variants().contains(APPROVER)) {
            return;
        }
        String cluster = "blackbox-bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        int childPort = freePort();
        String member = "127.0.0.1:" + childPort;
        System.out.printf("starting the approver JVM and joining cluster %s on 127.0.0.1 ...%n", cluster);
        try (RoundTripChildJvm approver = RoundTripChildJvm.start("approver", RoundTripApprover.class,
                List.of("-Xmx256m"), List.of(cluster, Integer.toString(childPort), member), Map.of(), 120)) {
            Vertx vertx = ClusteredVertx.start(RoundTripApprover.cluster(cluster, freePort(), member)).await();
            try {
                awaitRemoteEcho(vertx);
                if (options.variants().contains(CLUSTER_BUS)) {
                    progress(CLUSTER_BUS);
                    rows.add(new RoundTripReport.Row(CLUSTER_BUS, ping(vertx, options), 0, BUS, null));
                }
                if (options.variants().contains(APPROVER)) {
                    progress(APPROVER);
                    RoundTripLatencies l = RoundTripSession.run(vertx, workDir, "rt_approver", options.warmup(),
                            options.requests(), false);
                    rows.add(new RoundTripReport.Row(APPROVER, l.nanos(), l.unanswered(), CLUSTER_BUS, 5.0));
                }
            } finally {
                vertx.close().await();
            }
        }
    }

    private static Histogram ping(Vertx vertx, Options options) {
        RoundTripPinger pinger = new RoundTripPinger(options.warmup(), options.requests());
        String id = vertx.deployVerticle(pinger).await();
        Histogram nanos = pinger.done().await();
        vertx.undeploy(id).await();
        return nanos;
    }

    /** The second JVM's consumers reach this node's view of the cluster a little after it joins. */
    private static void awaitRemoteEcho(Vertx vertx) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                vertx.eventBus().request(RoundTripEcho.ADDRESS, new JsonObject().put("n", -1)).await(5, TimeUnit.SECONDS);
                return;
            } catch (ReplyException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the approver JVM is not reachable on the bus: " + e.getMessage());
                }
                Thread.sleep(50); // its subscription has not reached this node yet
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void progress(String variant) {
        System.out.println(variant + " ...");
    }
}
