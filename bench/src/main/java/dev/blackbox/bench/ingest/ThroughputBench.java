package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Trees;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The throughput runs: every mix streamed by the {@link FrameSource} as fast as the socket drains, to each
 * client in turn (the order rotates from round to round), each client in a fresh JVM. The measured part
 * is the frames after the warm-up, timed by the client itself: the peers' own clock at frame WARMUP and at
 * the close; for the recorder the journal's timestamps of frame WARMUP and of the last frame.
 */
final class ThroughputBench {

    static final String ORG = "5fa8c2b4-0000-4000-8000-00000000be4c";

    /** One client, one mix, one round. Latencies in µs (NaN for the peers), memory in MiB. */
    record Result(FrameMixes.Mix mix, String client, int round, long frames, double seconds, double framesPerSecond,
                  double megabytesPerSecond, double cpuMicrosPerFrame, double kernelShare, double cores, String busiestThread,
                  double busiestShare, double busiestWaiting, double secondShare, double secondWaiting, double p50, double p99, double p999, double vmHwmMb, double rssAnonMb,
                  double heapPeakMb, double heapCommittedMb, int gcPauses, double gcMillis, double sourceSideFramesPerSecond,
                  String problems, double load) {
    }

    private final IngestOptions options;
    private final FrameSource source;
    private final Map<String, FrameSource.Plan> plans;
    private final String token;
    private int runs;

    ThroughputBench(IngestOptions options, FrameSource source, Map<String, FrameSource.Plan> plans, String token) {
        this.options = options;
        this.source = source;
        this.plans = plans;
        this.token = token;
    }

    static Map<String, FrameSource.Plan> newPlans() {
        return new ConcurrentHashMap<>();
    }

    /** The source's own rate: the raw drain, in this JVM. */
    RawDrain.Drained sourceCheck(MixData data) throws IOException {
        String session = "source-check-" + (++runs);
        plans.put(session, new FrameSource.Flood(data.wire(), data.total(), data.warmup()));
        try {
            return RawDrain.drain(source.port(), session, token, data.wire(), data.total());
        } finally {
            plans.remove(session);
        }
    }

    Result run(MixData data, String client, int round, boolean verify) throws Exception {
        String session = "ingest-" + data.mix().spelling + "-" + client + "-r" + round + "-" + (++runs);
        Path runDir = Files.createDirectories(options.dir().resolve("blackbox-ingest-" + ProcessHandle.current().pid()).resolve(session));
        Path gc = runDir.resolve("gc.log");
        Path latency = runDir.resolve("latency");
        plans.put(session, new FrameSource.Flood(data.wire(), data.total(), data.warmup()));
        FrameSource.SessionStats stats = source.session(session);
        double load = LoadAverage.now();
        boolean recorder = client.equals("recorder") || client.equals("baseline");
        Child child = recorder
                ? Child.recorder(client.equals("baseline") ? options.baselineJar() : options.recorderJar(), jvmArgs(gc, latency), List.of(
                        "--base-url", source.baseUrl().toString(), "--session", session, "--org", ORG,
                        "--token-env", "INGEST_BENCH_TOKEN", "--journal", runDir.resolve("journal").toString()),
                token, runDir.resolve("output.txt"))
                : Child.peer(client, List.of(GcLog.flag(gc)), List.of(
                        "ws://127.0.0.1:" + source.port() + "/v1/sessions/ws/" + session + "/subscribe?organization_uuid=" + ORG,
                        Long.toString(data.warmup()), runDir.resolve("frames.jsonl").toString()),
                token, runDir.resolve("output.txt"));
        ProcSampler sampler = new ProcSampler(child.pid(), 20, true, 25);
        List<String> problems = new ArrayList<>();
        try {
            stats.done.get(15, TimeUnit.MINUTES);
            int exit = child.await(120);
            int expectedExit = recorder ? 4 : 0;
            if (exit != expectedExit) {
                problems.add("exit " + exit + " (expected " + expectedExit + "): " + lastLines(child.output()));
            }
        } finally {
            sampler.close();
            child.close();
            plans.remove(session);
        }
        long frames;
        long measuredFrames;
        long measuredBytes;
        long from;
        long to;
        Histogram appends = null;
        if (recorder) {
            RecorderOutput.JournalFacts facts = RecorderOutput.read(runDir.resolve("journal"), session, data.pool(), data.warmup(), verify);
            frames = facts.frames();
            measuredFrames = facts.frames() - data.warmup();
            measuredBytes = data.measuredBytes();
            from = facts.measuredStartMicros();
            to = facts.lastFrameMicros();
            if (facts.mismatched() > 0) {
                problems.add(facts.mismatched() + " frames differ from what was sent");
            }
            if (verify && !facts.sealedIntact()) {
                problems.add(facts.verified());
            }
            appends = RecorderOutput.appendLatency(RecorderOutput.latencyLog(latency, session), from, to);
        } else {
            JsonObject r = new JsonObject(child.line("RESULT").orElseThrow(() ->
                    new IllegalStateException(client + " printed no result: " + lastLines(child.output()))));
            frames = r.getLong("frames");
            measuredFrames = r.getLong("measuredFrames");
            measuredBytes = r.getLong("measuredBytes");
            from = r.getLong("measuredStartMicros");
            to = r.getLong("endMicros");
        }
        if (frames != data.total()) {
            problems.add("received " + frames + " of " + data.total() + " frames");
        }
        double seconds = (to - from) / 1e6;
        double cpu = sampler.cpuSeconds(from, to);
        double kernel = sampler.systemSeconds(from, to);
        List<ProcSampler.ThreadUse> busiest = sampler.busiestThreads(from, to, 2);
        ProcSampler.ThreadUse none = new ProcSampler.ThreadUse("?", Double.NaN, Double.NaN);
        ProcSampler.ThreadUse first = busiest.isEmpty() ? none : busiest.get(0);
        ProcSampler.ThreadUse second = busiest.size() < 2 ? none : busiest.get(1);
        GcLog gcLog = GcLog.read(gc);
        double[] pauses = gcLog.pausesBetween(from, to);
        double sourceSide = stats.closeAckMicros > 0 && stats.measuredStartMicros > 0
                ? measuredFrames / ((stats.closeAckMicros - stats.measuredStartMicros) / 1e6) : Double.NaN;
        Result result = new Result(data.mix(), client, round, measuredFrames, seconds, measuredFrames / seconds,
                measuredBytes / seconds / 1e6, cpu * 1e6 / measuredFrames, kernel / cpu, cpu / seconds, first.name(), first.running(), first.waiting(), second.running(), second.waiting(),
                micros(appends, 50), micros(appends, 99), micros(appends, 99.9),
                sampler.peak(ProcSampler.Sample::vmHwmKb) / 1024.0, sampler.peak(ProcSampler.Sample::rssAnonKb) / 1024.0,
                gcLog.peakUsedMb(), gcLog.peakCommittedMb(), (int) pauses[0], pauses[1], sourceSide,
                String.join("; ", problems), load);
        if (!options.keep()) {
            Trees.deleteQuietly(runDir);
        }
        return result;
    }

    private List<String> jvmArgs(Path gc, Path latency) {
        List<String> args = new ArrayList<>(List.of(GcLog.flag(gc), "-Dblackbox.appendLatencyLog=" + latency));
        args.addAll(options.recorderJvmArgs());
        return args;
    }

    static double micros(Histogram h, double percentile) {
        return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String lastLines(String output) {
        List<String> lines = output.lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
