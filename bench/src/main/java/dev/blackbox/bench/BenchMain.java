package dev.blackbox.bench;

import dev.blackbox.bench.ingest.IngestBench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The shaded jar's entry point: {@code java -jar blackbox-bench.jar NAME [options]} runs the benchmark
 * called NAME; no name or an unknown one prints the list.
 */
public final class BenchMain {

    /** A benchmark's main method. */
    @FunctionalInterface
    interface EntryPoint {
        void main(String[] args) throws Exception;
    }

    record Bench(EntryPoint entryPoint, String description) {
    }

    /** Every benchmark, by the name it is run with. To add one: one line here. */
    static final Map<String, Bench> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("journal", new Bench(JournalAppendBench::main,
                "journal append/read throughput and latency vs raw Chronicle Queue and Jackson JSON-lines"));
        BENCHES.put("mapped-copy", new Bench(MappedCopyBench::main,
                "a payload copied into a mapped journal entry: Chronicle's write(byte[]) vs Unsafe.copyMemory (no page faults)"));
        BENCHES.put("ingest", new Bench(IngestBench::main,
                "recorder vs a JVM null sink and a JSONL writer at the transport limit; many sessions; heap over 10 M frames"));
        BENCHES.put("chaos", new Bench(ChaosTrials::main,
                "kill -9 at random points against a journal being appended; verify and restart after each (issue 10)"));
        BENCHES.put("permissions", new Bench(PermissionRoundTripBench::main,
                "permission round trip: in-process policy and approver in a 2nd clustered JVM vs raw bus request/reply"));
        BENCHES.put("meters", new Bench(MetersBench::main,
                "JMH: what the per-frame meters cost (append histogram, by-type counter, bytes), on and off, vs the clock reads"));
        BENCHES.put("replay", new Bench(ReplayBench::main,
                "state fold and transcripts (jsonl, text, html) over a large journal, vs a Jackson readTree baseline"));
        BENCHES.put("fleet", new Bench(FleetBench::main,
                "two clustered JVMs: fleet-wide pending query latency, journal page latency, remote replay+verify vs local (entries/s)"));
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Bench bench = args.length == 0 ? null : BENCHES.get(args[0]);
        if (bench == null) {
            if (args.length > 0) {
                System.err.println("unknown benchmark '" + args[0] + "'");
            }
            System.err.println("usage: java -jar blackbox-bench.jar NAME [options]   (NAME --help for its options)");
            BENCHES.forEach((name, b) -> System.err.printf("  %-10s %s%n", name, b.description()));
            System.exit(2);
            return;
        }
        quietChronicle();
        bench.entryPoint().main(Arrays.copyOfRange(args, 1, args.length));
    }

    /**
     * Chronicle reads these once, when its classes load: no analytics, banner or disk-monitor thread
     * (a thread of its own would compete with the measured one on 2 cores), and warnings only.
     */
    static void quietChronicle() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("chronicle.disk.monitor.disable", "true");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /**
     * Hazelcast warns that the CP subsystem is off (expected: Vert.x does not use it) and, when a
     * member leaves at the end, that it cannot reconnect to it. Set before the first logger exists.
     */
    static void quietHazelcast() {
        if (System.getProperty("org.slf4j.simpleLogger.log.com.hazelcast") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "error");
        }
    }

    /** One run of a bench that takes parsed options. */
    interface Run<O> {
        void run(O options) throws Exception;
    }

    /**
     * The main of a bench that starts Hazelcast: quiet logs, options (a bad one prints its line, exit 2), the run
     * (a failure prints one line naming the bench, exit 1), then exit 0, since Hazelcast's and Chronicle's
     * threads would keep the JVM up.
     */
    static <O> void clusteredMain(String name, String[] args, Function<String[], O> parse, Run<O> run) {
        quietChronicle();
        quietHazelcast();
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run.run(options);
        } catch (Exception e) {
            System.err.println(name + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
