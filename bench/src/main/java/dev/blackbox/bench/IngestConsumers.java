package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.app.Blackbox;
import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.recorder.remote.TokenSource;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The three consumers of the ingest bench, each run over one session of the source: the null sink,
 * the real recorder, and the journal-append probe. They all live on the bench's single event loop,
 * so the CPU time of that one thread is the consumer's cost.
 */
final class IngestConsumers {

    static final String NULL_SINK = "null sink";
    static final String RECORDER = "recorder";
    static final String PROBE = "append probe";

    private static final double[] HEAP_POINTS = {0.10, 0.50};
    private static final long POLL_MS = 10;
    private static final long STALL_SECONDS = 60;

    private final Vertx vertx;
    private final URI baseUrl;
    private final String token;
    private final Path workDir;

    /** @param vertx a Vert.x with exactly one event loop */
    IngestConsumers(Vertx vertx, URI baseUrl, String token, Path workDir) {
        this.vertx = vertx;
        this.baseUrl = baseUrl;
        this.token = token;
        this.workDir = workDir;
    }

    IngestResult run(String variant, String sessionId, long expectedFrames, boolean sampleHeap) throws Exception {
        return switch (variant) {
            case NULL_SINK -> sink(variant, sessionId, expectedFrames, false);
            case PROBE -> sink(variant, sessionId, expectedFrames, true);
            case RECORDER -> recorder(sessionId, expectedFrames, sampleHeap);
            default -> throw new IllegalArgumentException("unknown ingest variant " + variant);
        };
    }

    private IngestResult sink(String variant, String sessionId, long expectedFrames, boolean journal) throws Exception {
        Path root = journal ? Files.createTempDirectory(workDir, "probe-") : null;
        try {
            IngestSinkVerticle sink = new IngestSinkVerticle(remote(), sessionId, expectedFrames, root);
            String deployment = vertx.deployVerticle(sink).await();
            long cpuBefore = loopCpuNanos(); // after start(): opening a journal is not per-frame work
            long jvmCpuBefore = jvmCpuNanos();
            try {
                sink.done().await(timeoutSeconds(expectedFrames), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(variant + ": only " + sink.frames() + " of " + expectedFrames
                        + " frames within " + timeoutSeconds(expectedFrames) + " s");
            }
            long cpu = loopCpuNanos() - cpuBefore;
            long jvmCpu = jvmCpuNanos() - jvmCpuBefore;
            vertx.undeploy(deployment).await();
            return new IngestResult(variant, sink.frames(), sink.bytes(), sink.wallNanos(), cpu, jvmCpu,
                    journal ? sink.appendNanos() : null, List.of());
        } finally {
            if (root != null) {
                JournalLoadDriver.deleteRecursively(root);
            }
        }
    }

    /**
     * The real recorder. Its progress is polled from its status; its timing and byte count are
     * read back from its journal (first and last frame timestamps), so nothing inside it is touched.
     */
    private IngestResult recorder(String sessionId, long expectedFrames, boolean sampleHeap) throws Exception {
        Path root = Files.createTempDirectory(workDir, "recorder-");
        try {
            List<IngestResult.HeapSample> heap = new ArrayList<>();
            if (sampleHeap) {
                heap.add(heapSample("before", 0));
            }
            Blackbox blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(settings(sessionId, root)))).await();
            long cpuBefore = loopCpuNanos(); // after start(), as for the sinks
            long jvmCpuBefore = jvmCpuNanos();
            long pausedNanos = 0;
            long sampledCpuNanos = 0;
            int nextPoint = 0;
            long received = 0;
            long lastProgress = System.nanoTime();
            while (received < expectedFrames) {
                Thread.sleep(POLL_MS); // a poll of the recorder's status, not a wait for an event
                JsonObject status = vertx.eventBus().<JsonObject>request(Addresses.status(sessionId), null).await().body();
                long now = status.getLong("framesReceived");
                String state = status.getString("status");
                if (state.equals("disconnected") || state.equals("reconnecting")) {
                    throw new IllegalStateException("recorder: " + state + " after " + now + " frames");
                }
                if (now > received) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                    throw new IllegalStateException("recorder: stuck at " + now + " of " + expectedFrames + " frames");
                }
                received = now;
                if (sampleHeap && nextPoint < HEAP_POINTS.length && received >= HEAP_POINTS[nextPoint] * expectedFrames
                        && received < expectedFrames) {
                    IngestResult.HeapSample sample = heapSample(Math.round(HEAP_POINTS[nextPoint++] * 100) + "%", received);
                    pausedNanos += sample.pauseNanos();
                    sampledCpuNanos += sample.cpuNanos();
                    heap.add(sample);
                }
            }
            long cpu = loopCpuNanos() - cpuBefore;
            long jvmCpu = jvmCpuNanos() - jvmCpuBefore - sampledCpuNanos;
            if (sampleHeap) {
                heap.add(heapSample("100%", received));
            }
            blackbox.stop().await();
            return fromJournal(root, sessionId, cpu, jvmCpu, pausedNanos, heap);
        } finally {
            JournalLoadDriver.deleteRecursively(root);
        }
    }

    private static IngestResult fromJournal(Path root, String sessionId, long cpuNanos, long jvmCpuNanos,
                                            long pausedNanos, List<IngestResult.HeapSample> heap) {
        long frames = 0;
        long bytes = 0;
        long firstTs = 0;
        long lastTs = 0;
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() == EntryKind.FRAME_RECEIVED) {
                    if (frames++ == 0) {
                        firstTs = e.tsMicros();
                    }
                    bytes += e.payload().length;
                    lastTs = e.tsMicros();
                }
            }
        }
        long wallNanos = (lastTs - firstTs) * 1_000 - pausedNanos;
        return new IngestResult(RECORDER, frames, bytes, wallNanos, cpuNanos, jvmCpuNanos, null, heap);
    }

    private SessionSettings settings(String sessionId, Path journalRoot) {
        return new SessionSettings(sessionId, journalRoot, false, null, remote());
    }

    private RemoteSession remote() {
        return new RemoteSession(baseUrl, IngestSource.ORG, TokenSource.of(token), ReconnectMode.PERSISTENT,
                ReconnectTimings.upstream());
    }

    /** CPU time so far of the one event-loop thread, read on that thread. */
    private long loopCpuNanos() {
        Promise<Long> cpu = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v ->
                cpu.complete(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()));
        return cpu.future().await();
    }

    /** Used heap after a full GC: what the recorder holds on to, not what it has yet to collect. */
    private static IngestResult.HeapSample heapSample(String label, long frames) {
        long cpu = jvmCpuNanos();
        long start = System.nanoTime();
        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new IngestResult.HeapSample(label, frames, used, System.nanoTime() - start, jvmCpuNanos() - cpu);
    }

    /** CPU time of this whole JVM so far: every thread, the garbage collector's included. */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long timeoutSeconds(long frames) {
        return 120 + frames / 2_000;
    }

    static Path createWorkDir(Path base) {
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "blackbox-ingest-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory in " + base + ": " + e.getMessage(), e);
        }
    }
}
