package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
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
import java.util.List;
import java.util.stream.Stream;

/** Journals for the verify tests, and the byte-level edits an attacker or a crash makes to them (JOURNAL.md framing). */
final class JournalBytes {

    private JournalBytes() {
    }

    /** A sealed journal of a few entries, written in this JVM. */
    static void record(Path root, String session, int frames) {
        try (SessionJournal j = SessionJournal.open(root, session)) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "org", "http://127.0.0.1:1",
                    false, "it", "localhost", "persistent"));
            for (int i = 0; i < frames; i++) {
                j.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"keep_alive\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            j.append(new JournalRecord.RecordingStopped("done"));
        }
    }

    static Path cycleFile(Path root, String session) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(session))) {
            List<Path> cq4 = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            return cq4.get(0);
        }
    }

    /** Start positions of the excerpts (Chronicle's header, indexes, then one per entry) up to the end of the data. */
    static List<Long> excerpts(Path cq4) throws IOException {
        java.util.ArrayList<Long> out = new java.util.ArrayList<>();
        try (FileChannel ch = FileChannel.open(cq4, StandardOpenOption.READ)) {
            ByteBuffer w = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (long pos = 0; ; ) {
                w.clear();
                ch.read(w, pos);
                int word = w.getInt(0);
                if (word == 0) {
                    out.add(pos); // the end of the data
                    return out;
                }
                out.add(pos);
                pos = (pos + 4 + (word & 0x3fffffff) + 3) & ~3L;
            }
        }
    }

    /** Zeroes the last entry (the seal): what a writer killed before sealing leaves. */
    static void unseal(Path cq4) throws IOException {
        List<Long> x = excerpts(cq4);
        long last = x.get(x.size() - 2);
        long end = x.get(x.size() - 1);
        write(cq4, last, new byte[(int) (end - last)]);
    }

    /** The first bytes of the next entry after the end of the data, as a kill -9 in mid-write leaves them. */
    static void tear(Path cq4, long nextSeq) throws IOException {
        List<Long> x = excerpts(cq4);
        ByteBuffer b = ByteBuffer.allocate(300).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putLong(nextSeq).putLong(System.currentTimeMillis() * 1000).put((byte) 7).putInt(5000);
        while (b.hasRemaining()) {
            b.put((byte) 'x');
        }
        write(cq4, x.get(x.size() - 1) + 4, b.array());
    }

    static void write(Path file, long pos, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(bytes);
        }
    }
}
