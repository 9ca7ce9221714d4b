package dev.blackbox.bench.ingest;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalVerifier;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a recorder left behind, read after it exited: its journal (frames, bytes, the append times of the
 * first measured and the last frame, every frame compared with what the source sent, the hash chain
 * verified) and its append latency log ({@code -Dblackbox.appendLatencyLog}).
 */
final class RecorderOutput {

    private RecorderOutput() {
    }

    /**
     * @param frames   frames written, and exact bytes expected: frame n is {@code pool.get(n % pool.size())}
     * @param warmup   frames before the measured part
     */
    record JournalFacts(long frames, long bytes, long measuredStartMicros, long lastFrameMicros, long mismatched,
                        String verified, boolean sealedIntact) {
    }

    static JournalFacts read(Path root, String sessionId, List<byte[]> pool, long warmup, boolean verify) {
        long frames = 0;
        long bytes = 0;
        long start = 0;
        long last = 0;
        long mismatched = 0;
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() != EntryKind.FRAME_RECEIVED && e.kind() != EntryKind.FRAME_RECEIVED_BINARY) {
                    continue;
                }
                if (pool != null && !Arrays.equals(e.payload(), pool.get((int) (frames % pool.size())))) {
                    mismatched++;
                }
                if (frames == warmup) {
                    start = e.tsMicros();
                }
                frames++;
                bytes += e.payload().length;
                last = e.tsMicros();
            }
        }
        if (!verify) {
            return new JournalFacts(frames, bytes, start, last, mismatched, "not verified", true);
        }
        JournalVerifier.Result verdict = JournalVerifier.verify(root, sessionId);
        return new JournalFacts(frames, bytes, start, last, mismatched, verdict.describe(),
                verdict.status() == JournalVerifier.Status.SEALED);
    }

    /** When the journal was opened (RECORDING_STARTED), the connect began (CONNECTING) and ended (CONNECTED), epoch µs; 0 if absent. */
    record Milestones(long started, long connecting, long connected) {
    }

    static Milestones milestones(Path root, String sessionId) {
        long started = 0;
        long connecting = 0;
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() == EntryKind.RECORDING_STARTED) {
                    started = e.tsMicros();
                } else if (e.kind() == EntryKind.CONNECTING && connecting == 0) {
                    connecting = e.tsMicros();
                } else if (e.kind() == EntryKind.CONNECTED) {
                    return new Milestones(started, connecting, e.tsMicros());
                }
            }
        }
        return new Milestones(started, connecting, 0);
    }

    static Path latencyLog(Path dir, String sessionId) {
        return dir.resolve(sessionId + ".hlog");
    }

    /**
     * The append latencies (ns) of the intervals that lie within {@code [fromMicros, toMicros]} (all of them
     * when both are 0); null when there is no log.
     */
    static Histogram appendLatency(Path log, long fromMicros, long toMicros) {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        Histogram sum = new Histogram(60_000_000_000L, 2);
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                long startMicros = h.getStartTimeStamp() * 1000;
                long endMicros = h.getEndTimeStamp() * 1000;
                boolean all = fromMicros == 0 && toMicros == 0;
                // an interval counts when most of it lies in the window (intervals are one second)
                long overlap = Math.min(endMicros, toMicros) - Math.max(startMicros, fromMicros);
                if (all || overlap * 2 >= endMicros - startMicros) {
                    sum.add((Histogram) h);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return sum;
    }
}
