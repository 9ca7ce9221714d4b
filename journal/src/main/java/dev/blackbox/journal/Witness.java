package dev.blackbox.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of every checkpoint kept outside the journal: one JSON line per checkpoint (the CHECKPOINT
 * entry's payload, verbatim), appended, file mode 0600. One witness file may serve many sessions.
 * Someone who rewrites a journal cannot take back what the witness already holds. The recorder keeps
 * one beside its journals ({@code journal.witness}); {@code blackbox witness} keeps one on another host,
 * from the checkpoints published on the bus.
 */
public final class Witness implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private Witness(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating) the witness file; it must not be inside the journal root it witnesses. */
    static Witness open(Path file, Path journalRoot) {
        Path f = file.toAbsolutePath().normalize();
        Path root = journalRoot.toAbsolutePath().normalize();
        if (f.startsWith(root)) {
            throw new JournalException("journal.witness " + file + " is inside the journal directory " + journalRoot
                    + ": a witness must live elsewhere (another directory, disk or host)");
        }
        return open(f);
    }

    /** Opens (creating) a witness file fed from elsewhere: the checkpoints other hosts publish. */
    public static Witness open(Path file) {
        Path f = file.toAbsolutePath().normalize();
        try {
            Path parent = f.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                JournalFiles.createPrivateDirectories(parent);
            }
            FileChannel channel = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            JournalFiles.makePrivate(f);
            return new Witness(f, channel);
        } catch (IOException e) {
            throw new JournalException("cannot open the witness " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one line in a single write, so lines of writers sharing the file never interleave; with
     * {@code force}, returns once the line is on the disk (fdatasync).
     */
    public void append(byte[] json, boolean force) {
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new JournalException("cannot write the witness " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every checkpoint of {@code sessionId} the witness holds, in file order. */
    static List<JournalRecord.Checkpoint> read(Path file, String sessionId) {
        return readAll(file).getOrDefault(sessionId, List.of());
    }

    /** Every checkpoint the witness holds, by session (in the order sessions first appear), each in file order. */
    public static Map<String, List<JournalRecord.Checkpoint>> readAll(Path file) {
        Map<String, List<JournalRecord.Checkpoint>> out = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = in.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JournalRecord.Checkpoint cp;
                try {
                    cp = JournalRecord.Codec.decode(line.getBytes(StandardCharsets.UTF_8), JournalRecord.Checkpoint.class);
                } catch (JournalException e) {
                    throw new JournalException("witness " + file + " line " + n + " is not a checkpoint");
                }
                if (cp.session() != null) {
                    out.computeIfAbsent(cp.session(), k -> new ArrayList<>()).add(cp);
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the witness " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing buffered: every line went out in its own write
        }
    }
}
