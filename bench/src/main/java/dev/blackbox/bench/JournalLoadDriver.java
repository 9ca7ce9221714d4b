package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives the contenders: {@link #warmUp} appends and reads back in a directory thrown away after
 * (so the JIT has compiled every contender's paths before any is measured); {@link #measure} appends
 * into a fresh directory with {@code System.nanoTime()} around each append, then reads everything back
 * twice: the first read right after writing, then a re-read of the same files. Each directory is
 * deleted as soon as it has been read, so the contenders do not fill the disk or the page cache for
 * one another.
 */
final class JournalLoadDriver {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final FrameCorpus corpus;
    private final long warmupAppends;
    private final long appends;
    private final Path workDir;
    private final int[] bucketOfFrame;

    JournalLoadDriver(FrameCorpus corpus, long warmupAppends, long appends, Path workDir) {
        this.corpus = corpus;
        this.warmupAppends = warmupAppends;
        this.appends = appends;
        this.workDir = workDir;
        this.bucketOfFrame = new int[corpus.size()];
        for (int i = 0; i < corpus.size(); i++) {
            bucketOfFrame[i] = FrameCorpus.bucketOf(corpus.get(i).bytes().length);
        }
    }

    void warmUp(JournalContender contender) throws IOException {
        if (warmupAppends == 0) {
            return;
        }
        Path dir = freshDir(contender.name() + "-warmup");
        appendAll(contender, dir, warmupAppends, newHistogram(), newBucketHistograms());
        readAll(contender, dir, warmupAppends);
        deleteRecursively(dir);
    }

    JournalRunResult measure(JournalContender contender) throws IOException {
        Path dir = freshDir(contender.name());
        System.gc();
        Histogram latency = newHistogram();
        List<Histogram> bySize = newBucketHistograms();
        long appendNanos = appendAll(contender, dir, appends, latency, bySize);
        System.gc();
        long readNanos = timedRead(contender, dir);
        long rereadNanos = timedRead(contender, dir);
        deleteRecursively(dir);
        return new JournalRunResult(contender, appends, payloadBytes(appends), appendNanos, latency, bySize,
                readNanos, rereadNanos);
    }

    /** Total bytes of the frames appended in {@code n} appends (the loop cycles through the corpus). */
    long payloadBytes(long n) {
        long total = 0;
        long fullPasses = n / corpus.size();
        for (int i = 0; i < corpus.size(); i++) {
            total += corpus.get(i).bytes().length * (fullPasses + (i < n % corpus.size() ? 1 : 0));
        }
        return total;
    }

    /** Appends {@code n} frames and returns the time the loop and the final flush took. */
    private long appendAll(JournalContender contender, Path dir, long n, Histogram latency, List<Histogram> bySize)
            throws IOException {
        int corpusSize = corpus.size();
        try (JournalContender.Writer writer = contender.openWriter(dir)) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                int f = (int) (i % corpusSize);
                FrameCorpus.Frame frame = corpus.get(f);
                long before = System.nanoTime();
                writer.append(frame);
                long took = Math.min(System.nanoTime() - before, HIGHEST_TRACKABLE_NANOS);
                latency.recordValue(took);
                bySize.get(bucketOfFrame[f]).recordValue(took);
            }
            writer.flush();
            return System.nanoTime() - start;
        }
    }

    private long timedRead(JournalContender contender, Path dir) throws IOException {
        long start = System.nanoTime();
        readAll(contender, dir, appends);
        return System.nanoTime() - start;
    }

    private static void readAll(JournalContender contender, Path dir, long expected) throws IOException {
        long read = contender.readAll(dir);
        if (read != expected) {
            throw new IllegalStateException(contender.label() + " read back " + read + " entries, " + expected + " were appended");
        }
    }

    private static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    }

    private static List<Histogram> newBucketHistograms() {
        List<Histogram> histograms = new ArrayList<>();
        for (int i = 0; i < FrameCorpus.SIZE_BUCKETS.size(); i++) {
            histograms.add(newHistogram());
        }
        return histograms;
    }

    private Path freshDir(String name) throws IOException {
        Path dir = workDir.resolve(name);
        Files.createDirectories(dir);
        return dir;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
