package dev.blackbox.bench.ingest;

import dev.blackbox.bench.Trees;

import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.SessionJournal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ingest parts}: what the pieces of the recorder's hot path cost alone, in this JVM, on the mixes'
 * frames, so the end-to-end figures can be read: the type scan against the whole-frame scan and a Jackson
 * parse; the copy the recorder no longer makes; one journal append and SHA-256 alone; the first write to a
 * fresh page of a mapped file, without and with the page touched first through a second mapping (the
 * journal pretouch proposal); and opening journals on 1 and on 16 threads. Best of 7 passes for the CPU
 * figures (the machine is shared; the best pass is the least disturbed).
 */
final class IngestParts {

    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private IngestParts() {
    }

    static void run(IngestOptions options) throws Exception {
        Path work = Files.createDirectories(options.dir().resolve("blackbox-ingest-" + ProcessHandle.current().pid()).resolve("parts"));
        appendNanos(FrameMixes.build(FrameMixes.Mix.TURN, 2048, 2), 300_000, work.resolve("append-warm-up")); // the JIT first
        System.out.println("| ns per frame, best of 7 (appends: of 3 journals) | sniffType (the type) | sniff (whole frame) | Jackson JsonObject | copy of the bytes | journal append | SHA-256 alone |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (FrameMixes.Mix mix : options.mixes()) {
            List<byte[]> frames = FrameMixes.build(mix, 2048, 1);
            int n = mix == FrameMixes.Mix.LARGE ? 20_000 : 400_000;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", mix.spelling,
                    best(frames, n, Part.TYPE), best(frames, n, Part.WHOLE), best(frames, n, Part.JACKSON),
                    best(frames, n, Part.COPY), appendNanos(frames, n, work.resolve("append-" + mix.spelling)),
                    best(frames, n, Part.SHA));
        }
        System.out.println();
        firstTouch(work);
        System.out.println();
        for (int threads : new int[]{1, 16}) {
            opens(work.resolve("opens-" + threads), 300, threads);
        }
        Trees.deleteQuietly(work);
    }

    private enum Part { TYPE, WHOLE, JACKSON, COPY, SHA }

    private static double best(List<byte[]> frames, int n, Part part) throws Exception {
        FrameSniffer sniffer = new FrameSniffer();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] header = new byte[32 + 17];
        double best = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 7; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] f = frames.get(i & 2047);
                switch (part) {
                    case TYPE -> sink += sniffer.sniffType(f, 0, f.length) ? 1 : 0;
                    case WHOLE -> sink += sniffer.sniff(f) ? 1 : 0;
                    case JACKSON -> sink += new JsonObject(Buffer.buffer(f)).size();
                    case COPY -> sink += f.clone().length;
                    case SHA -> {
                        sha.update(header);
                        sha.update(f);
                        sink += sha.digest()[0];
                    }
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) n);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the JIT from dropping the loops
        }
        return best;
    }

    /** One SessionJournal.append per frame into a fresh journal; best of 3 journals. */
    private static double appendNanos(List<byte[]> frames, int n, Path root) {
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            try (SessionJournal journal = SessionJournal.open(root, "append-" + pass)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    journal.append(EntryKind.FRAME_RECEIVED, frames.get(i & 2047));
                }
                best = Math.min(best, (System.nanoTime() - t0) / (double) n);
            }
            Trees.deleteQuietly(root.resolve("append-" + pass));
        }
        return best;
    }

    /** The first write to each 4 KiB page of a fresh mapped file, without and with a touch through another mapping first. */
    private static void firstTouch(Path dir) throws IOException {
        long size = 128L << 20;
        for (int round = 0; round < 3; round++) {
            Path plain = Files.createFile(dir.resolve("touch-plain-" + round));
            Path touched = Files.createFile(dir.resolve("touch-ahead-" + round));
            try (FileChannel a = FileChannel.open(plain, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileChannel b = FileChannel.open(touched, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                MappedByteBuffer writer = a.map(FileChannel.MapMode.READ_WRITE, 0, size);
                long t0 = System.nanoTime();
                for (int off = 0; off < size; off += 4096) {
                    writer.put(off + 8, (byte) 1);
                }
                long plainNanos = System.nanoTime() - t0;
                MappedByteBuffer toucher = b.map(FileChannel.MapMode.READ_WRITE, 0, size);
                MappedByteBuffer writer2 = b.map(FileChannel.MapMode.READ_WRITE, 0, size);
                long t1 = System.nanoTime();
                for (int off = 0; off < size; off += 4096) {
                    INTS.compareAndSet(toucher, off, 0, 0);
                }
                long touchNanos = System.nanoTime() - t1;
                long t2 = System.nanoTime();
                for (int off = 0; off < size; off += 4096) {
                    writer2.put(off + 8, (byte) 1);
                }
                long afterNanos = System.nanoTime() - t2;
                long pages = size / 4096;
                System.out.printf(Locale.ROOT, "first write to a fresh page of a mapped file: %.2f µs; touched first through a second mapping "
                        + "(CAS 0 -> 0): the touch %.2f µs, the write after it %.2f µs per page%n",
                        plainNanos / 1e3 / pages, touchNanos / 1e3 / pages, afterNanos / 1e3 / pages);
            }
            Files.delete(plain);
            Files.delete(touched);
        }
    }

    /** Opening {@code n} journals and writing a first entry to each, on {@code threads} threads. */
    private static void opens(Path root, int n, int threads) throws Exception {
        SessionJournal.open(root, "warm").close();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> each = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "open-" + i;
            each.add(pool.submit(() -> {
                long s = System.nanoTime();
                try (SessionJournal j = SessionJournal.open(root, id)) {
                    j.append(EntryKind.FRAME_RECEIVED, new byte[100]);
                }
                return System.nanoTime() - s;
            }));
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            nanos[i] = each.get(i).get();
        }
        long total = System.nanoTime() - t0;
        pool.shutdown();
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%d journals opened (and a first entry written) on %2d threads: %.2f s, %.1f ms a journal; one open median %.1f ms, max %.1f ms%n",
                n, threads, total / 1e9, total / 1e6 / n, nanos[n / 2] / 1e6, nanos[n - 1] / 1e6);
        Trees.deleteQuietly(root);
    }
}
