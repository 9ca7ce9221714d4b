package dev.blackbox.bench;

import dev.blackbox.journal.HashChain;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.UnsafeMemory;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.List;

/**
 * Bench-only prototypes of two ideas of issue 12 for {@code SessionJournal.append}, each beside a control
 * that does exactly what the journal does (its entry layout, clock and SHA-256 chain, field by field), so
 * that only one thing differs:
 * <ul>
 *   <li><b>Chronicle's indexing</b> ({@code proto-s<spacing>}, {@code proto-c<count>}): the queue built with
 *   another index spacing or index count than {@code FAST_DAILY}'s 256 / 4096;</li>
 *   <li><b>one pass of bulk copies</b> ({@code proto-bulk}): the 22-byte header, the payload and the hash
 *   copied into the mapped entry with the JDK's {@code Unsafe.copyMemory} (an intrinsic), where
 *   Chronicle's {@code write(byte[])} copies from the heap with a Java loop of 16 bytes a turn
 *   ({@code UnsafeMemory.copyMemoryLoop}) and the header goes field by field with a check each.</li>
 * </ul>
 */
final class JournalLayoutPrototype implements JournalContender {

    private static final long BYTE_ARRAY = UnsafeMemory.UNSAFE.arrayBaseOffset(byte[].class);

    private final String name;
    private final int indexSpacing;
    private final int indexCount;
    private final boolean bulk;

    private JournalLayoutPrototype(String name, int indexSpacing, int indexCount, boolean bulk) {
        this.name = name;
        this.indexSpacing = indexSpacing;
        this.indexCount = indexCount;
        this.bulk = bulk;
    }

    static List<JournalContender> all() {
        return List.of(new JournalLayoutPrototype("proto", 256, 4096, false),
                new JournalLayoutPrototype("proto-s64", 64, 4096, false),
                new JournalLayoutPrototype("proto-s1024", 1024, 4096, false),
                new JournalLayoutPrototype("proto-s4096", 4096, 4096, false),
                new JournalLayoutPrototype("proto-c1024", 256, 1024, false),
                new JournalLayoutPrototype("proto-c16384", 256, 16384, false),
                new JournalLayoutPrototype("proto-bulk", 256, 4096, true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return "(proto) spacing " + indexSpacing + " count " + indexCount + (bulk ? " bulk" : "");
    }

    @Override
    public Writer openWriter(Path dir) {
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_DAILY)
                .blockSize(JournalContenders.BLOCK_SIZE).indexSpacing(indexSpacing).indexCount(indexCount).build();
        ExcerptAppender appender = queue.createAppender();
        HashChain chain = new HashChain();
        byte[] header = new byte[PrototypeEntry.HEADER_BYTES];
        return new Writer() {
            private long seq;
            private byte[] lastHash = HashChain.genesis(JournalContenders.SESSION_ID);

            @Override
            public void append(FrameCorpus.Frame frame) {
                long ts = SystemTimeProvider.CLOCK.currentTimeMicros();
                byte[] payload = frame.bytes();
                long next = seq + 1;
                byte[] hash = chain.next(lastHash, next, ts, frame.kind(), payload, 0, payload.length);
                try (DocumentContext dc = appender.writingDocument()) {
                    Bytes<?> out = dc.wire().bytes();
                    if (bulk) {
                        header[0] = 1;
                        putLongLE(header, 1, next);
                        putLongLE(header, 9, ts);
                        header[17] = (byte) frame.kind().code();
                        putIntLE(header, 18, payload.length);
                        int total = header.length + payload.length + hash.length;
                        out.writeSkip(total);
                        long at = out.addressForWrite(out.writePosition() - total);
                        UnsafeMemory.UNSAFE.copyMemory(header, BYTE_ARRAY, null, at, header.length);
                        UnsafeMemory.UNSAFE.copyMemory(payload, BYTE_ARRAY, null, at + header.length, payload.length);
                        UnsafeMemory.UNSAFE.copyMemory(hash, BYTE_ARRAY, null, at + header.length + payload.length, hash.length);
                    } else {
                        PrototypeEntry.write(out, next, ts, frame.kind().code(), payload, hash);
                    }
                }
                seq = next;
                lastHash = hash;
            }

            @Override
            public void close() {
                appender.close();
                queue.close();
            }
        };
    }

    @Override
    public Reader openReader(Path dir) {
        return new JournalContenders.RawChronicle().openReader(dir);
    }

    private static void putLongLE(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putIntLE(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
