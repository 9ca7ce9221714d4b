package dev.blackbox.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the contenders. {@link #warmUp} appends and reads back in a directory thrown away after, so
 * the JIT has compiled every contender's paths before any is measured. {@link #measure} then appends
 * to all contenders in turns of {@code slice} appends each (raw, journal, ..., raw, journal, ...), with
 * {@code System.nanoTime()} around each append: on a shared 2-core machine whose load comes and goes,
 * and a VM whose memory gets slower to touch the first time, taking turns gives every contender the
 * same conditions, where running them one after the other favoured whichever came later. Then each is
 * read back twice: the first read right after writing, then a re-read of the same files.
 */
final class JournalLoadDriver {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final FrameCorpus corpus;
    private final long warmupAppends;
    private final long appends;
    private final long slice;
    private final long intervalNanos;
    private final Path workDir;
    private final int[] bucketOfFrame;

    JournalLoadDriver(FrameCorpus corpus, JournalAppendBench.Options options, Path workDir) {
        this.corpus = corpus;
        this.warmupAppends = options.warmup();
        this.appends = options.appends();
        this.slice = options.slice();
        this.intervalNanos = options.ratePerSecond() == 0 ? 0 : 1_000_000_000L / options.ratePerSecond();
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
        try (JournalContender.Writer writer = contender.openWriter(dir)) {
            appendRange(writer, 0, warmupAppends, newHistogram(), newBucketHistograms());
            writer.flush();
        }
        try (JournalContender.Reader reader = contender.openReader(dir)) {
            readRange(reader, contender, 0, warmupAppends);
            expectEnd(reader, contender);
        }
        deleteRecursively(dir);
    }

    List<JournalRunResult> measure(List<JournalContender> contenders) throws IOException {
        List<Run> runs = new ArrayList<>();
        try {
            for (JournalContender contender : contenders) {
                runs.add(new Run(contender, freshDir(contender.name())));
            }
            System.gc();
            for (long from = 0; from < appends; from += slice) {
                long to = Math.min(appends, from + slice);
                for (Run run : runs) {
                    long start = System.nanoTime();
                    appendRange(run.writer, from, to, run.latency, run.latencyBySize);
                    run.appendNanos += System.nanoTime() - start;
                }
            }
            for (Run run : runs) {
                long start = System.nanoTime();
                run.writer.flush();
                run.appendNanos += System.nanoTime() - start;
                run.closeWriter();
            }
            System.gc();
            long[] readNanos = readInTurns(runs);
            long[] rereadNanos = readInTurns(runs);
            for (int i = 0; i < runs.size(); i++) {
                runs.get(i).readNanos = readNanos[i];
                runs.get(i).rereadNanos = rereadNanos[i];
            }
            long payloadBytes = payloadBytes(appends);
            return runs.stream().map(r -> new JournalRunResult(r.contender, appends, payloadBytes, r.appendNanos,
                    r.latency, r.latencyBySize, r.readNanos, r.rereadNanos)).toList();
        } finally {
            for (Run run : runs) {
                run.closeWriter();
                deleteRecursively(run.dir);
            }
        }
    }

    /** One contender's writer and what has been measured of it so far. */
    private static final class Run {
        final JournalContender contender;
        final Path dir;
        final JournalContender.Writer writer;
        final Histogram latency = newHistogram();
        final List<Histogram> latencyBySize = newBucketHistograms();
        long appendNanos;
        long readNanos;
        long rereadNanos;
        private boolean closed;

        Run(JournalContender contender, Path dir) throws IOException {
            this.contender = contender;
            this.dir = dir;
            this.writer = contender.openWriter(dir);
        }

        void closeWriter() throws IOException {
            if (!closed) {
                closed = true;
                writer.close();
            }
        }
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

    /**
     * Appends the frames number {@code from} (inclusive) to {@code to} (exclusive) of the cycling corpus,
     * flat out, or one every {@code intervalNanos} when a rate was asked for (spinning in between).
     */
    private void appendRange(JournalContender.Writer writer, long from, long to, Histogram latency,
                             List<Histogram> bySize) throws IOException {
        int corpusSize = corpus.size();
        long due = System.nanoTime();
        for (long i = from; i < to; i++) {
            if (intervalNanos > 0) {
                due += intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            int f = (int) (i % corpusSize);
            FrameCorpus.Frame frame = corpus.get(f);
            long before = System.nanoTime();
            writer.append(frame);
            long took = Math.min(System.nanoTime() - before, HIGHEST_TRACKABLE_NANOS);
            latency.recordValue(took);
            bySize.get(bucketOfFrame[f]).recordValue(took);
        }
    }

    /** Reads every contender's entries back, taking turns of {@code slice} entries; returns each one's time. */
    private long[] readInTurns(List<Run> runs) throws IOException {
        long[] nanos = new long[runs.size()];
        List<JournalContender.Reader> readers = new ArrayList<>();
        try {
            for (Run run : runs) {
                readers.add(run.contender.openReader(run.dir));
            }
            for (long from = 0; from < appends; from += slice) {
                long to = Math.min(appends, from + slice);
                for (int i = 0; i < runs.size(); i++) {
                    long start = System.nanoTime();
                    readRange(readers.get(i), runs.get(i).contender, from, to);
                    nanos[i] += System.nanoTime() - start;
                }
            }
            for (int i = 0; i < runs.size(); i++) {
                expectEnd(readers.get(i), runs.get(i).contender);
            }
            return nanos;
        } finally {
            for (JournalContender.Reader reader : readers) {
                reader.close();
            }
        }
    }

    private static void readRange(JournalContender.Reader reader, JournalContender contender, long from, long to)
            throws IOException {
        for (long i = from; i < to; i++) {
            if (!reader.next()) {
                throw new IllegalStateException(contender.label() + " read back " + i + " entries, more were appended");
            }
        }
    }

    private static void expectEnd(JournalContender.Reader reader, JournalContender contender) throws IOException {
        if (reader.next()) {
            throw new IllegalStateException(contender.label() + " read back more entries than were appended");
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
        Trees.delete(dir);
    }
}
