package dev.blackbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Makes the end of a journal clean before a writer continues it (under the writer lock, before Chronicle
 * opens the queue): the bytes of a torn write ({@link TornTail}) are zeroed, since Chronicle would write
 * the next entry over them and leave their tail behind as garbage; an entry Chronicle completed whose
 * pages were lost is voided (its body zeroed: readers skip a void excerpt); a cycle file Chronicle was
 * still creating (its header never published, no entry in it) is removed, since Chronicle would wait for
 * its header and then give up on it. What was discarded is returned, for the RECORDING_RESUMED entry.
 * Anything that is not a torn write is left alone and the writer refuses the journal.
 *
 * <p>A repair that is itself interrupted leaves a torn write again: bytes are zeroed from the end back.
 */
final class TailRepair {

    record Outcome(boolean torn, long bytes, String file, long offset, String sha256, boolean voided) {
        static final Outcome CLEAN = new Outcome(false, 0, null, 0, null, false);
    }

    private TailRepair() {
    }

    static Outcome repair(Path dir, String sessionId) {
        unpublishedTableStore(dir);
        CycleFiles.Listing listing = CycleFiles.list(dir);
        if (listing.isEmpty()) {
            return Outcome.CLEAN;
        }
        Map.Entry<Integer, Path> newest = listing.cycles().lastEntry();
        Path last = newest.getValue();
        try {
            Found found = find(last, listed(dir, newest.getKey()));
            TornTail tail = found.tail;
            return switch (tail.kind()) {
                case CLEAN -> Outcome.CLEAN;
                case TORN -> new Outcome(true, tail.bytes(), found.name, tail.offset(), zero(last, tail.offset(), tail.end()), false);
                case LOST_PAGES -> new Outcome(true, tail.bytes(), found.name, tail.offset(),
                        zero(last, tail.offset() + 4, tail.end()), true);
                case UNPUBLISHED -> {
                    String sha = sha256(last, 0, tail.end());
                    Files.delete(last);
                    yield tail.bytes() == 0 ? Outcome.CLEAN : new Outcome(true, tail.bytes(), found.name, 0, sha, false);
                }
                case FOREIGN -> throw new JournalException("the journal of session " + sessionId + " does not end with a clean"
                        + " or interrupted write (" + tail.problem() + "); not continuing a journal that may have been"
                        + " tampered with: see 'blackbox verify " + sessionId + "'");
            };
        } catch (IOException e) {
            throw new JournalException("cannot read the end of the journal " + last + ": " + e.getMessage(), e);
        }
    }

    private record Found(String name, TornTail tail) {
    }

    /** True when Chronicle's metadata.cq4t lists the cycle: its file's header was published once. */
    private static boolean listed(Path dir, int cycle) {
        OptionalLong highest = ChronicleMetadata.highestCycle(dir);
        return highest.isPresent() && highest.getAsLong() >= cycle;
    }

    /**
     * Chronicle's own metadata.cq4t, when a writer was stopped while Chronicle created it (header word still
     * "incomplete"): Chronicle would wait for that header and then fail to open the queue. It holds nothing
     * yet (its values follow the header), so it is removed and Chronicle makes it again.
     */
    private static void unpublishedTableStore(Path dir) {
        Path file = dir.resolve(JournalFiles.METADATA_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            boolean unpublished;
            try (QueueFile f = QueueFile.open(file)) {
                unpublished = f.size >= 4 && f.intAt(0) == QueueFile.NOT_COMPLETE;
            }
            if (unpublished) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Walks the excerpt headers of the last cycle file to its end and classifies what follows. */
    private static Found find(Path file, boolean listed) throws IOException {
        try (QueueFile f = QueueFile.open(file)) {
            TornTail creation = TornTail.unpublished(f);
            if (creation != null && !(f.size == 0 && listed)) {
                return new Found(f.name, creation); // Chronicle was creating it: nothing in it
            }
            QueueFile.Excerpt header = f.at(0);
            if (header.type() != QueueFile.Type.META || !QueueFile.isStoreHeader(f.body(header))) {
                return new Found(f.name, new TornTail(TornTail.Kind.FOREIGN, 0, 0, f.name + " has no Chronicle header"));
            }
            QueueFile.Excerpt lastData = null;
            long lastSeq = 0;
            for (long pos = header.next(); ; ) {
                QueueFile.Excerpt x = f.at(pos);
                switch (x.type()) {
                    case DATA -> {
                        lastData = x;
                        pos = x.next();
                        continue;
                    }
                    case META -> {
                        pos = x.next();
                        continue;
                    }
                    case END -> {
                        if (lastData != null) {
                            byte[] body = f.body(lastData);
                            lastSeq = body.length >= 9 ? ByteBuffer.wrap(body, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() : 0;
                            if (TornTail.lostPages(body) && f.firstNonZero(x.pos(), f.size) < 0) {
                                return new Found(f.name, new TornTail(TornTail.Kind.LOST_PAGES, lastData.pos(),
                                        lastData.bodyPos() + lastData.length(), null));
                            }
                        }
                        return new Found(f.name, TornTail.afterEnd(f, x.pos(), lastSeq == 0 ? 0 : lastSeq + 1));
                    }
                    case INCOMPLETE -> {
                        return new Found(f.name, TornTail.incomplete(f, x, 0));
                    }
                    case ROLLED -> {
                        return new Found(f.name, TornTail.CLEAN);
                    }
                    case CUT -> {
                        return new Found(f.name, new TornTail(TornTail.Kind.FOREIGN, x.pos(), x.pos(),
                                f.name + " was cut at byte " + f.size));
                    }
                }
            }
        }
    }

    private static final int CHUNK = 1 << 16;

    /**
     * Zeroes {@code [from, to)} of the file, writing only where there is something to zero, from the end back:
     * a repair stopped half way leaves the start of the torn write, which is a torn write still. Returns the
     * SHA-256 of what was there.
     */
    private static String zero(Path file, long from, long to) throws IOException {
        String sha = sha256(file, from, to);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            byte[] zeros = new byte[CHUNK];
            for (long end = to; end > from; ) {
                long at = Math.max(from, end - CHUNK);
                int n = (int) (end - at);
                read(ch, buf, at, n);
                if (Arrays.mismatch(buf.array(), 0, n, zeros, 0, n) >= 0) {
                    ByteBuffer z = ByteBuffer.wrap(zeros, 0, n);
                    while (z.hasRemaining()) {
                        ch.write(z, at + z.position());
                    }
                }
                end = at;
            }
        }
        return sha;
    }

    /** The SHA-256 of {@code [from, to)} of the file, hex. */
    private static String sha256(Path file, long from, long to) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            for (long at = from; at < to; ) {
                int n = (int) Math.min(CHUNK, to - at);
                read(ch, buf, at, n);
                sha.update(buf.array(), 0, n);
                at += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void read(FileChannel ch, ByteBuffer buf, long at, int n) throws IOException {
        buf.clear().limit(n);
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
            // positional read until the chunk is full
        }
    }
}
