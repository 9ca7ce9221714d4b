package dev.blackbox.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A recorded session like the demo's, 67 entries: RECORDING_STARTED, connection records, frames in and
 * out, decisions, RECORDING_STOPPED and the seal; plus what tampering tests need to find their bytes.
 */
final class DemoJournal {

    static final String SESSION = "session_01Demo";
    static final int ENTRIES = 67;

    private DemoJournal() {
    }

    /** Writes the demo session under {@code root} with the given options; returns its directory. */
    static Path write(Path root, JournalOptions options) {
        try (SessionJournal j = SessionJournal.open(root, SESSION, options)) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, SESSION, "org", "http://127.0.0.1:1",
                    false, "test", "localhost", "persistent"));
            j.append(new JournalRecord.Connecting(1));
            j.append(new JournalRecord.Connected(1));
            for (int turn = 0; j.lastSeq() < ENTRIES - 2; turn++) {
                j.append(EntryKind.FRAME_RECEIVED, frame("assistant", "turn " + turn + " " + "x".repeat(40 + 17 * turn)));
                if (j.lastSeq() < ENTRIES - 2 && turn % 5 == 4) {
                    j.append(EntryKind.FRAME_SENT, frame("control_response", "allow " + turn));
                }
            }
            j.append(new JournalRecord.RecordingStopped("recorder stopped"));
        }
        return root.resolve(SESSION);
    }

    static Path write(Path root) {
        return write(root, JournalOptions.defaults());
    }

    private static byte[] frame(String type, String text) {
        return ("{\"type\":\"" + type + "\",\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The only cycle file of a journal directory. */
    static Path cycleFile(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> cq4 = files.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
            if (cq4.size() != 1) {
                throw new AssertionError("expected one cycle file in " + dir + ", found " + cq4);
            }
            return cq4.get(0);
        }
    }

    /** One excerpt of a cycle file as the tests see it: where it is, and the seq it holds (0 for metadata). */
    record At(long pos, int word, long seq, long end) {
    }

    /** Every complete excerpt of a cycle file, in order, up to the end of its data. */
    static List<At> excerpts(Path cq4) throws IOException {
        List<At> out = new ArrayList<>();
        try (QueueFile f = QueueFile.open(cq4)) {
            for (long pos = 0; ; ) {
                QueueFile.Excerpt x = f.at(pos);
                if (x.type() != QueueFile.Type.DATA && x.type() != QueueFile.Type.META) {
                    return out;
                }
                long seq = 0;
                if (x.type() == QueueFile.Type.DATA) {
                    seq = EntryCodec.decode(f.body(x)).seq();
                }
                out.add(new At(pos, x.word(), seq, x.next()));
                pos = x.next();
            }
        }
    }

    /** The excerpt holding entry {@code seq}. */
    static At entry(Path cq4, long seq) throws IOException {
        return excerpts(cq4).stream().filter(a -> a.seq() == seq).findFirst().orElseThrow();
    }

    static void writeIntLE(Path file, long pos, int value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(new byte[]{(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
        }
    }

    static void writeBytes(Path file, long pos, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(bytes);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }
}
