package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Counts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The ingest bench's command line. */
record IngestOptions(String mode, List<FrameMixes.Mix> mixes, List<String> clients, int rounds, double scale,
                     List<Integer> sessions, int rate, int sessionFrames, long heapFrames, Path dir, Path recorderJar,
                     Path baselineJar, List<String> recorderJvmArgs, boolean verifyAll, boolean keep) {

    static final String USAGE = """
            usage: ingest [throughput|sessions|heap|source|parts] [options]
              throughput (default)  each mix streamed as fast as the socket drains, to each client in turn, each
                                    client in a fresh JVM: null (JVM null sink), jsonl (JSON-lines writer),
                                    recorder (blackbox record, the runnable jar); frames/s, MB/s, CPU per frame,
                                    append latency, RSS, heap; medians and ranges over the rounds, paired ratios
              sessions              N sessions at a realistic rate against one recorder process (--sessions-file):
                                    time until all are connected, frames lost, per-session append p99, RSS,
                                    threads, fds
              heap                  one long session into the recorder; live heap after full GCs at 10/50/100 %
              source                only the source's own rate against a raw null client
              parts                 the hot path's pieces alone, in this JVM: type scan, whole-frame scan, Jackson,
                                    copy, journal append, SHA-256, first write to a mapped page, journal opens
            options:
              --mixes LIST          deltas,turn,large (default all three)
              --clients LIST        null,jsonl,recorder (default all three, in rotating order)
              --rounds N            default 5 (throughput), 1 (sessions)
              --scale F             multiplies the frames per run (default 1: deltas 3 M + 0.6 M warm-up,
                                    turn 2 M + 0.4 M, large 120 k + 20 k)
              --sessions LIST       sessions mode: counts (default 100,1000)
              --rate N              sessions mode: frames per second per session (default 20)
              --frames N            sessions mode: frames per session (default 200); heap mode: frames (default 10M)
              --dir PATH            where journals and logs go (default java.io.tmpdir); deleted after each run
              --recorder-jar PATH   the runnable jar (default cli/target/blackbox.jar next to this jar's module)
              --baseline-jar PATH   another build of the runnable jar, run as one more client, "baseline", in the
                                    same rounds (before/after comparisons of a change with the same harness)
              --recorder-jvm-args S extra JVM flags for the recorder (space-separated), e.g. a flight recording
              --verify-all          verify every journal's hash chain (default: the first round's only)
              --keep                keep the journals and logs
            """;

    static IngestOptions parse(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String mode = "throughput";
        if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
            mode = rest.remove(0);
            if (!List.of("throughput", "sessions", "heap", "source", "parts").contains(mode)) {
                throw new IllegalArgumentException("unknown mode '" + mode + "'\n" + USAGE.strip());
            }
        }
        List<FrameMixes.Mix> mixes = List.of(FrameMixes.Mix.values());
        List<String> clients = List.of("null", "jsonl", "recorder");
        int rounds = mode.equals("throughput") ? 5 : 1;
        double scale = 1;
        List<Integer> sessions = List.of(100, 1000);
        int rate = 20;
        int sessionFrames = 200;
        long heapFrames = 10_000_000;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Path jar = defaultRecorderJar();
        Path baseline = null;
        List<String> jvmArgs = List.of();
        boolean verifyAll = false;
        boolean keep = false;
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            switch (flag) {
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE.strip());
                case "--verify-all" -> verifyAll = true;
                case "--keep" -> keep = true;
                default -> {
                    if (i + 1 >= rest.size()) {
                        throw new IllegalArgumentException("missing value after " + flag);
                    }
                    String value = rest.get(++i);
                    switch (flag) {
                        case "--mixes" -> mixes = Arrays.stream(value.split(",")).map(FrameMixes.Mix::named).toList();
                        case "--clients" -> clients = clients(value);
                        case "--rounds" -> rounds = (int) Counts.parse(flag, value, 1);
                        case "--scale" -> scale = Double.parseDouble(value);
                        case "--sessions" -> sessions = Arrays.stream(value.split(","))
                                .map(v -> (int) Counts.parse(flag, v, 1)).toList();
                        case "--rate" -> rate = (int) Counts.parse(flag, value, 1);
                        case "--frames" -> {
                            heapFrames = Counts.parse(flag, value, 1);
                            sessionFrames = (int) heapFrames;
                        }
                        case "--dir" -> dir = Path.of(value);
                        case "--recorder-jar" -> jar = Path.of(value);
                        case "--baseline-jar" -> baseline = Path.of(value);
                        case "--recorder-jvm-args" -> jvmArgs = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
                        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE.strip());
                    }
                }
            }
        }
        if (!mode.equals("source") && !mode.equals("parts") && (clients.contains("recorder") || !mode.equals("throughput")) && !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no recorder jar at " + jar + ": build it (mvn -B -ntp -DskipTests package) or pass --recorder-jar");
        }
        if (baseline != null) {
            if (!Files.isRegularFile(baseline)) {
                throw new IllegalArgumentException("no baseline jar at " + baseline);
            }
            if (!clients.contains("baseline")) {
                clients = new ArrayList<>(clients);
                clients.add("baseline");
            }
        } else if (clients.contains("baseline")) {
            throw new IllegalArgumentException("the baseline client needs --baseline-jar");
        }
        return new IngestOptions(mode, mixes, List.copyOf(clients), rounds, scale, sessions, rate, sessionFrames, heapFrames,
                dir, jar, baseline, jvmArgs, verifyAll, keep);
    }

    private static List<String> clients(String value) {
        List<String> out = Arrays.asList(value.split(","));
        for (String c : out) {
            if (!List.of("null", "jsonl", "recorder", "baseline").contains(c)) {
                throw new IllegalArgumentException("--clients takes null, jsonl, recorder, baseline; not '" + c + "'");
            }
        }
        return out;
    }

    /** {@code cli/target/blackbox.jar} of the same checkout as this bench jar ({@code bench/target/...}). */
    private static Path defaultRecorderJar() {
        try {
            Path self = Path.of(IngestOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = self.getParent() == null ? null : self.getParent().getParent();
            if (root != null && root.getParent() != null) {
                return root.getParent().resolve("cli").resolve("target").resolve("blackbox.jar");
            }
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Path.of("cli", "target", "blackbox.jar");
    }
}
