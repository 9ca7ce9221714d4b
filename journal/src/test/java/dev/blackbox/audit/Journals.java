package dev.blackbox.audit;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Real journals for the retention and access tests, written at a chosen time, and the byte edits of a crash or an attacker. */
final class Journals {

    static final long DAY_MICROS = 86_400L * 1_000_000;

    private Journals() {
    }

    /** A sealed session of {@code frames} frames, its entries stamped {@code ageDays} days before now. */
    static void write(Path root, String session, int frames, int ageDays) {
        long at = System.currentTimeMillis() * 1000 - ageDays * DAY_MICROS;
        long[] clock = {at};
        try (SessionJournal j = SessionJournal.open(root, session, JournalOptions.defaults().withClock(() -> clock[0]++))) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "org", "http://127.0.0.1:1",
                    false, "test", "localhost", "persistent"));
            for (int i = 0; i < frames; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"assistant\",\"text\":\"frame " + i + " of " + session + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            j.append(new JournalRecord.RecordingStopped("done"));
        }
    }

    static Path cycleFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** Flips one byte inside the first occurrence of {@code text} in the journal's cycle file (an edited payload). */
    static void flip(Path dir, String text) throws IOException {
        Path cq4 = cycleFile(dir);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(cq4, StandardOpenOption.READ)) {
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(ch.size(), 4 << 20));
            ch.read(all, 0);
            byte[] b = all.array();
            for (int i = 0; i + needle.length <= b.length; i++) {
                if (java.util.Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
                    write(cq4, i, new byte[]{(byte) (b[i] ^ 0x20)});
                    return;
                }
            }
        }
        throw new AssertionError("'" + text + "' is not in " + cq4);
    }

    /** Removes the seal, as a recorder killed before closing its journal leaves it. */
    static void unseal(Path dir) throws IOException {
        Path cq4 = cycleFile(dir);
        List<Long> x = excerpts(cq4);
        long last = x.get(x.size() - 2);
        long end = x.get(x.size() - 1);
        write(cq4, last, new byte[(int) (end - last)]);
    }

    private static List<Long> excerpts(Path cq4) throws IOException {
        List<Long> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(cq4, StandardOpenOption.READ)) {
            ByteBuffer w = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (long pos = 0; ; ) {
                w.clear();
                ch.read(w, pos);
                int word = w.getInt(0);
                out.add(pos);
                if (word == 0) {
                    return out;
                }
                pos = (pos + 4 + (word & 0x3fffffff) + 3) & ~3L;
            }
        }
    }

    private static void write(Path file, long pos, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(bytes);
        }
    }
}
