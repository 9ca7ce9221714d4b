package dev.blackbox.bench;

import dev.blackbox.journal.HashChain;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A bench-only prototype of two changes proposed for {@code SessionJournal} (issue 12), measured side
 * by side with the journal: the same entry layout, clock and SHA-256 chain ({@link HashChain}), plus
 * <ol>
 *   <li><b>pages touched ahead of the appender</b>: on this machine the first write to each 4 KiB page
 *   of a freshly mapped journal file costs 2–20 µs (ext4 allocates and maps the page), which is most of
 *   an append's time and all of its tail. A background thread maps the cycle file itself and writes
 *   every page {@value #AHEAD_BYTES} bytes ahead of the appender's position with a compare-and-set of an
 *   int from 0 to 0: harmless whatever the race (a page the appender has already written keeps its bytes),
 *   and the appender then finds the page mapped and writable;</li>
 *   <li><b>no single-thread check</b> on the appender ({@code singleThreadedCheckDisabled(true)}): the
 *   journal is single-threaded by contract already, and Chronicle's check runs on every write.</li>
 * </ol>
 */
final class JournalPretouchPrototype implements JournalContender {

    static final long AHEAD_BYTES = 8L << 20;
    private static final long PAGE = 4096;
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final boolean pretouch;

    /** @param pretouch with the pretouch thread; without it, only the thread check is off */
    JournalPretouchPrototype(boolean pretouch) {
        this.pretouch = pretouch;
    }

    @Override
    public String name() {
        return pretouch ? "journal-pretouch" : "journal-nocheck";
    }

    @Override
    public String label() {
        return pretouch ? "(prototype) journal, pages touched ahead, no thread check" : "(prototype) journal, no thread check";
    }

    @Override
    public Writer openWriter(Path dir) {
        SingleChronicleQueue queue = JournalContenders.openQueue(dir);
        ExcerptAppender appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        Pretoucher pretoucher = pretouch ? new Pretoucher(dir) : null;
        HashChain chain = new HashChain();
        return new Writer() {
            private long seq;
            private byte[] lastHash = HashChain.genesis(JournalContenders.SESSION_ID);

            @Override
            public void append(FrameCorpus.Frame frame) {
                long ts = SystemTimeProvider.CLOCK.currentTimeMicros();
                byte[] payload = frame.bytes();
                long next = seq + 1;
                byte[] hash = chain.next(lastHash, next, ts, frame.kind(), payload, 0, payload.length);
                long position;
                try (DocumentContext dc = appender.writingDocument()) {
                    Bytes<?> out = dc.wire().bytes();
                    PrototypeEntry.write(out, next, ts, frame.kind().code(), payload, hash);
                    position = out.writePosition();
                }
                seq = next;
                lastHash = hash;
                if (pretoucher != null) {
                    pretoucher.writerAt(position);
                }
            }

            @Override
            public void close() {
                if (pretoucher != null) {
                    pretoucher.close();
                }
                appender.close();
                queue.close();
            }
        };
    }

    @Override
    public Reader openReader(Path dir) {
        return new JournalContenders.RawChronicle().openReader(dir);
    }

    /** Touches the pages of the queue's cycle file ahead of the writer's position, on a thread of its own. */
    static final class Pretoucher implements AutoCloseable {
        private final Path dir;
        private final Thread thread;
        private volatile long writerAt;
        private volatile boolean stopped;
        private FileChannel channel;
        private MappedByteBuffer window;
        private long windowStart;
        private long touchedTo;

        Pretoucher(Path dir) {
            this.dir = dir;
            this.thread = new Thread(this::run, "journal-pretouch");
            thread.setDaemon(true);
            thread.start();
        }

        void writerAt(long position) {
            writerAt = position;
        }

        private void run() {
            while (!stopped) {
                long target = writerAt + AHEAD_BYTES;
                if (writerAt == 0 || touchedTo >= target || !touch(target)) {
                    LockSupport.parkNanos(200_000);
                }
            }
            closeChannel();
        }

        /** Touches pages up to {@code target} (not past the file's end); false when there was nothing to do. */
        private boolean touch(long target) {
            try {
                if (channel == null) {
                    Path cycle = cycleFile();
                    if (cycle == null) {
                        return false;
                    }
                    channel = FileChannel.open(cycle, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    touchedTo = writerAt & -PAGE;
                }
                long end = Math.min(target, channel.size());
                if (touchedTo >= end) {
                    return false;
                }
                while (touchedTo < end && !stopped) {
                    if (window == null || touchedTo >= windowStart + window.capacity()) {
                        windowStart = touchedTo;
                        window = channel.map(FileChannel.MapMode.READ_WRITE, windowStart, Math.min(64L << 20, channel.size() - windowStart));
                    }
                    INTS.compareAndSet(window, (int) (touchedTo - windowStart), 0, 0);
                    touchedTo += PAGE;
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Path cycleFile() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElse(null);
            }
        }

        private void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the bench's temp directory
                }
            }
        }

        @Override
        public void close() {
            stopped = true;
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
