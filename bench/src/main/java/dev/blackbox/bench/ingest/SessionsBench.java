package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Trees;

import dev.blackbox.journal.JournalVerifier;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many sessions against one recorder process, as a fleet is recorded: {@code blackbox record
 * --sessions-file} with N ids; the source paces each session at {@code --rate} frames per second for
 * {@code --frames} frames (the turn mix) from its handshake on, then closes it with 4003. Reported:
 * when the sessions connected (from the source's side: the handshakes), frames lost (sent by the source
 * and not in the journal), per-session append p99, aggregate frames/s, and the process's peak RSS,
 * threads and file descriptors.
 */
final class SessionsBench {

    private final IngestOptions options;
    private final FrameSource source;
    private final Map<String, FrameSource.Plan> plans;
    private final String token;

    SessionsBench(IngestOptions options, FrameSource source, Map<String, FrameSource.Plan> plans, String token) {
        this.options = options;
        this.source = source;
        this.plans = plans;
        this.token = token;
    }

    void run() throws Exception {
        MixData turn = MixData.of(FrameMixes.Mix.TURN, 1);
        System.out.println("sessions: " + options.sessions() + " at " + options.rate() + " frames/s each, "
                + options.sessionFrames() + " frames each (the turn mix, mean " + Math.round(turn.meanBytes()) + " B)");
        for (int n : options.sessions()) {
            for (int round = 1; round <= options.rounds(); round++) {
                runOnce(turn, n, round);
            }
        }
    }

    private void runOnce(MixData turn, int n, int round) throws Exception {
        String name = "fleet-" + n + "-r" + round;
        Path runDir = Files.createDirectories(options.dir().resolve("blackbox-ingest-" + ProcessHandle.current().pid()).resolve(name));
        Path journal = runDir.resolve("journal");
        Path latency = runDir.resolve("latency");
        Path gc = runDir.resolve("gc.log");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = name + "-" + i;
            ids.add(id);
            plans.put(id, new FrameSource.Paced(turn.wire(), options.sessionFrames(), options.rate()));
        }
        Path sessionsFile = Files.write(runDir.resolve("sessions.txt"), ids);
        double load = LoadAverage.now();
        // every append timed: a session's 200 appends are few for a p99
        List<String> jvm = new ArrayList<>(List.of(GcLog.flag(gc), "-Dblackbox.appendLatencyLog=" + latency,
                "-Dblackbox.appendLatencyLog.oneIn=1"));
        jvm.addAll(options.recorderJvmArgs());
        long launched = EpochMicros.now();
        Child child = Child.recorder(options.recorderJar(), jvm, List.of("--base-url", source.baseUrl().toString(),
                "--sessions-file", sessionsFile.toString(), "--org", ThroughputBench.ORG, "--token-env", "INGEST_BENCH_TOKEN",
                "--journal", journal.toString()), token, runDir.resolve("output.txt"));
        ProcSampler sampler = new ProcSampler(child.pid(), 100, false, 5);
        List<String> problems = new ArrayList<>();
        List<FrameSource.SessionStats> stats = ids.stream().map(source::session).toList();
        try {
            long budget = options.sessionFrames() / options.rate() + 180;
            CompletableFuture.allOf(stats.stream().map(s -> s.done).toArray(CompletableFuture[]::new)).get(budget, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            problems.add(stats.stream().filter(s -> !s.done.isDone()).count() + " sessions did not finish in time");
        }
        int exit = child.await(180);
        sampler.close();
        child.close();
        if (exit != 4) {
            problems.add("exit " + exit + " (expected 4): " + ThroughputBench.lastLines(child.output()));
        }
        long firstHandshake = stats.stream().mapToLong(s -> s.handshakeMicros).filter(t -> t > 0).min().orElse(0);
        long lastHandshake = stats.stream().mapToLong(s -> s.handshakeMicros).max().orElse(0);
        long connected = stats.stream().filter(s -> s.handshakeMicros > 0).count();
        long sent = 0;
        long journaled = 0;
        long lossySessions = 0;
        long mismatched = 0;
        long badChains = 0;
        List<Double> p99s = new ArrayList<>();
        List<RecorderOutput.Milestones> milestones = new ArrayList<>();
        Histogram all = new Histogram(60_000_000_000L, 2);
        for (FrameSource.SessionStats s : stats) {
            sent += s.framesWritten;
            long got = 0;
            try {
                RecorderOutput.JournalFacts facts = RecorderOutput.read(journal, s.sessionId, turn.pool(), 0, false);
                got = facts.frames();
                milestones.add(RecorderOutput.milestones(journal, s.sessionId));
                mismatched += facts.mismatched();
                if (!JournalVerifier.verify(journal, s.sessionId).ok()) {
                    badChains++;
                }
            } catch (RuntimeException e) {
                problems.add(s.sessionId + ": " + e.getMessage());
            }
            journaled += got;
            if (got != s.framesWritten) {
                lossySessions++;
            }
            Histogram h = RecorderOutput.appendLatency(RecorderOutput.latencyLog(latency, s.sessionId), 0, 0);
            if (h != null && h.getTotalCount() > 0) {
                p99s.add(h.getValueAtPercentile(99) / 1000.0);
                all.add(h);
            }
        }
        long firstWrite = stats.stream().mapToLong(s -> s.firstWriteMicros).filter(t -> t > 0).min().orElse(0);
        long lastWrite = stats.stream().mapToLong(s -> s.allWrittenMicros).max().orElse(0);
        GcLog gcLog = GcLog.read(gc);
        PrintFormat f = new PrintFormat();
        System.out.printf(Locale.ROOT, "%n### %d sessions (round %d; load average %.2f at the start, %s at the end)%n%n", n, round, load, LoadAverage.line());
        System.out.println("| what | measured |");
        System.out.println("|---|---|");
        f.row("sessions connected", connected + " of " + n);
        f.row("first connected after the recorder was launched", f.seconds(firstHandshake - launched));
        f.row("**all connected within** (first to last handshake, source's clock)", "**" + f.seconds(lastHandshake - firstHandshake) + "**");
        f.row("last connected after launch", f.seconds(lastHandshake - launched));
        f.row("journals opened (RECORDING_STARTED), first / last after launch", f.seconds(milestones.stream()
                .mapToLong(RecorderOutput.Milestones::started).filter(t -> t > 0).min().orElse(launched) - launched) + " / "
                + f.seconds(milestones.stream().mapToLong(RecorderOutput.Milestones::started).max().orElse(launched) - launched));
        f.row("CONNECTING journaled, first / last after launch", f.seconds(milestones.stream()
                .mapToLong(RecorderOutput.Milestones::connecting).filter(t -> t > 0).min().orElse(launched) - launched) + " / "
                + f.seconds(milestones.stream().mapToLong(RecorderOutput.Milestones::connecting).max().orElse(launched) - launched));
        f.row("CONNECTED journaled, first / last after launch", f.seconds(milestones.stream()
                .mapToLong(RecorderOutput.Milestones::connected).filter(t -> t > 0).min().orElse(launched) - launched) + " / "
                + f.seconds(milestones.stream().mapToLong(RecorderOutput.Milestones::connected).max().orElse(launched) - launched));
        f.row("frames sent / journaled / **lost**", String.format(Locale.ROOT, "%,d / %,d / **%,d** (%d sessions short)",
                sent, journaled, sent - journaled, lossySessions));
        f.row("frames differing from what was sent; broken hash chains", mismatched + "; " + badChains);
        f.row("aggregate frames/s (first frame to last, all sessions)", Spread.human(journaled / ((lastWrite - firstWrite) / 1e6)));
        f.row("append p99 per session µs, median [min – max] over sessions", Spread.of(p99s).format("%.1f"));
        f.row("append p50 / p99 / p99.9 µs, all sessions' appends", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                ThroughputBench.micros(all, 50), ThroughputBench.micros(all, 99), ThroughputBench.micros(all, 99.9)));
        f.row("peak RSS (VmHWM) / peak anonymous RSS MiB", String.format(Locale.ROOT, "%.0f / %.0f",
                sampler.peak(ProcSampler.Sample::vmHwmKb) / 1024.0, sampler.peak(ProcSampler.Sample::rssAnonKb) / 1024.0));
        f.row("heap peak used / committed MiB", String.format(Locale.ROOT, "%.0f / %.0f", gcLog.peakUsedMb(), gcLog.peakCommittedMb()));
        f.row("peak threads / peak open fds", sampler.peak(ProcSampler.Sample::threads) + " / " + sampler.peak(ProcSampler.Sample::fds));
        f.row("process CPU seconds, launch to exit", String.format(Locale.ROOT, "%.1f", sampler.cpuSeconds(launched, EpochMicros.now())));
        if (!problems.isEmpty()) {
            System.out.println("PROBLEMS (" + problems.size() + "): " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; ..." : ""));
        }
        ids.forEach(plans::remove);
        source.forget();
        if (!options.keep()) {
            Trees.deleteQuietly(runDir);
        }
    }

    /** Table rows and durations. */
    private static final class PrintFormat {
        void row(String what, String value) {
            System.out.println("| " + what + " | " + value + " |");
        }

        String seconds(long micros) {
            return String.format(Locale.ROOT, "%.2f s", micros / 1e6);
        }
    }
}
