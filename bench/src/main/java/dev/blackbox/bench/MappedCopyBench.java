package dev.blackbox.bench;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.UnsafeMemory;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * What copying a payload into a journal entry costs once its pages are mapped and present (issue 12, "bulk
 * copies"): Chronicle's {@code Bytes.write(byte[])} (a Java loop of 16 bytes a turn from the heap) against
 * the JDK's {@code Unsafe.copyMemory} (an intrinsic), which {@code EntryCodec.write} uses. One document is
 * rewritten in place, so no page fault is timed. Best of 3 x 200,000 copies, after 6 passes of warm-up.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar mapped-copy</pre>
 */
final class MappedCopyBench {

    private static final long BYTE_ARRAY = UnsafeMemory.UNSAFE.arrayBaseOffset(byte[].class);
    private static final int COPIES = 200_000;

    private MappedCopyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("blackbox-mapped-copy-");
        try (SingleChronicleQueue queue = JournalContenders.openQueue(dir); ExcerptAppender appender = queue.createAppender()) {
            System.out.printf(Locale.ROOT, "load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.println("| payload | Chronicle write(byte[]) ns | Unsafe.copyMemory ns | ratio |");
            System.out.println("|---|---|---|---|");
            for (int size : new int[] {300, 420, 2_000, 16_700}) {
                byte[] payload = new byte[size];
                new Random(size).nextBytes(payload);
                long[] best = new long[2];
                for (int pass = 0; pass < 7; pass++) {
                    best[0] = time(appender, payload, false);
                    best[1] = time(appender, payload, true);
                }
                System.out.printf(Locale.ROOT, "| %,d B | %d | %d | %.1f× |%n", size, best[0], best[1], (double) best[0] / Math.max(1, best[1]));
            }
        } finally {
            Trees.deleteQuietly(dir);
        }
    }

    private static long time(ExcerptAppender appender, byte[] payload, boolean intrinsic) {
        long best = Long.MAX_VALUE;
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            long start = out.writePosition();
            for (int turn = 0; turn < 3; turn++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < COPIES; i++) {
                    out.writePosition(start);
                    if (intrinsic) {
                        out.writeSkip(payload.length);
                        UnsafeMemory.UNSAFE.copyMemory(payload, BYTE_ARRAY, null, out.addressForWrite(start), payload.length);
                    } else {
                        out.write(payload);
                    }
                }
                best = Math.min(best, (System.nanoTime() - t0) / COPIES);
            }
        }
        return best;
    }
}
