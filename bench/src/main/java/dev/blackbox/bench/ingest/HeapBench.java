package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Does the recorder's heap stay flat over a long session? One session of {@code --frames} frames (the
 * turn mix, default 10 M) streamed flat out into {@code blackbox record}; at 10 %, 50 % and 100 % of the
 * frames the source pauses, waits a second for the recorder to catch up, and has {@code jcmd <pid> GC.run}
 * run a full collection; the recorder's GC log then shows the live heap after each of them.
 */
final class HeapBench {

    private final IngestOptions options;
    private final FrameSource source;
    private final Map<String, FrameSource.Plan> plans;
    private final String token;

    HeapBench(IngestOptions options, FrameSource source, Map<String, FrameSource.Plan> plans, String token) {
        this.options = options;
        this.source = source;
        this.plans = plans;
        this.token = token;
    }

    void run() throws Exception {
        long frames = options.heapFrames();
        MixData turn = MixData.of(FrameMixes.Mix.TURN, 1);
        String session = "heap-" + frames;
        Path runDir = Files.createDirectories(options.dir().resolve("blackbox-ingest-" + ProcessHandle.current().pid()).resolve(session));
        Path gc = runDir.resolve("gc.log");
        long[] checkpoints = {frames / 10, frames / 2, frames};
        long[] pid = new long[1];
        plans.put(session, new FrameSource.Flood(turn.wire(), frames, 0, checkpoints, n -> CompletableFuture.runAsync(() -> {
            sleep(1000);
            fullGc(pid[0]);
        })));
        FrameSource.SessionStats stats = source.session(session);
        List<String> jvm = new ArrayList<>(List.of(GcLog.flag(gc)));
        jvm.addAll(options.recorderJvmArgs());
        System.out.printf(Locale.ROOT, "heap: %,d frames of the turn mix (mean %.0f B) into one recorder; %s%n", frames,
                turn.meanBytes(), LoadAverage.line());
        Child child = Child.recorder(options.recorderJar(), jvm, List.of("--base-url", source.baseUrl().toString(),
                "--session", session, "--org", ThroughputBench.ORG, "--token-env", "INGEST_BENCH_TOKEN",
                "--journal", runDir.resolve("journal").toString()), token, runDir.resolve("output.txt"));
        pid[0] = child.pid();
        ProcSampler sampler = new ProcSampler(child.pid(), 200, false, 10);
        stats.done.get(2, TimeUnit.HOURS);
        int exit = child.await(300);
        sampler.close();
        RecorderOutput.JournalFacts facts = RecorderOutput.read(runDir.resolve("journal"), session, turn.pool(), 0, false);
        GcLog log = GcLog.read(gc);
        List<GcLog.Pause> full = log.fullCollections();
        System.out.printf(Locale.ROOT, "recorder exit %d; journaled %,d of %,d frames (%,d differ), %.1f s, %s frames/s; %s%n",
                exit, facts.frames(), frames, facts.mismatched(), (facts.lastFrameMicros() - facts.measuredStartMicros()) / 1e6,
                Spread.human(facts.frames() / ((facts.lastFrameMicros() - facts.measuredStartMicros()) / 1e6)), LoadAverage.line());
        String[] names = {"10 %", "50 %", "100 %"};
        for (int i = 0; i < full.size() && i < names.length; i++) {
            System.out.printf(Locale.ROOT, "live heap after a full GC at %s of the frames: %.1f MiB (used before it %.1f MiB, committed %.0f MiB)%n",
                    names[i], full.get(i).afterMb(), full.get(i).beforeMb(), full.get(i).committedMb());
        }
        if (full.size() >= 3) {
            System.out.printf(Locale.ROOT, "growth from 10 %% to 100 %%: %+.2f MiB over %,d frames%n",
                    full.get(2).afterMb() - full.get(0).afterMb(), frames - frames / 10);
        }
        System.out.printf(Locale.ROOT, "peak heap used %.0f MiB, committed %.0f MiB; %d GC pauses; peak RSS %.0f MiB, peak anonymous RSS %.0f MiB%n",
                log.peakUsedMb(), log.peakCommittedMb(), log.pauses().size(),
                sampler.peak(ProcSampler.Sample::vmHwmKb) / 1024.0, sampler.peak(ProcSampler.Sample::rssAnonKb) / 1024.0);
        plans.remove(session);
        if (!options.keep()) {
            Trees.deleteQuietly(runDir);
        }
    }

    private static void fullGc(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("heap: jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
