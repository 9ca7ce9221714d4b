package dev.blackbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What lies at the end of a journal's last cycle file, after its last complete excerpt.
 *
 * <p>Chronicle writes an excerpt's body first and its header word last, so a writer killed in the middle
 * of an append leaves a zero header word followed by the first bytes of the unfinished entry: that is a
 * torn write, and the only non-zero bytes allowed after the end. An excerpt whose header word is flagged
 * incomplete is one too, when nothing follows it. A complete excerpt whose stored hash is all zeros is
 * an entry Chronicle finished while its pages never reached the file (a fault in a mapped page on a full
 * disk): torn as well, but already counted by Chronicle, so a writer voids it rather than zeroing it.
 * Anything else there (bytes that are not the next entry, data after an "incomplete" excerpt) is not an
 * interrupted write.
 *
 * <p>A writer can also be stopped while Chronicle creates a cycle file (the first, or the next day's), before
 * it publishes the file's header: see {@link #unpublished}.
 */
record TornTail(Kind kind, long offset, long end, String problem) {

    enum Kind {
        /** Only zeros follow. */
        CLEAN,
        /** The bytes in {@code [offset, end)} are an interrupted write. */
        TORN,
        /** The complete excerpt at {@code offset} (body up to {@code end}) is an entry whose pages were lost. */
        LOST_PAGES,
        /**
         * A cycle file Chronicle was still creating, its header never published: it holds no entry; the bytes
         * in {@code [0, end)} are the unfinished header (none when the file is empty or all zeros).
         */
        UNPUBLISHED,
        /** Something that is not an interrupted write: {@code problem} says what, at {@code offset}. */
        FOREIGN
    }

    static final TornTail CLEAN = new TornTail(Kind.CLEAN, 0, 0, null);
    /** How far a Chronicle index being written can reach (4096 longs and its framing). */
    private static final long INDEX_REACH = 33_000;
    /** How far Chronicle's store header reaches, at most (about 200 bytes; its indexes follow it). */
    private static final long HEADER_REACH = 4096;
    private static final byte[] INDEX2INDEX = {(byte) 0xb9, 11, 'i', 'n', 'd', 'e', 'x', '2', 'i', 'n', 'd', 'e', 'x'};
    private static final byte[] INDEX = {(byte) 0xb9, 5, 'i', 'n', 'd', 'e', 'x'};

    long bytes() {
        return end - offset;
    }

    /**
     * The bytes at and after a zero header word at {@code end} (where the data stops).
     *
     * @param expectedSeq the seq the next entry would have (0: not known)
     */
    static TornTail afterEnd(QueueFile f, long end, long expectedSeq) throws IOException {
        long first = f.firstNonZero(end + 4, f.size);
        if (first < 0) {
            return CLEAN;
        }
        if (first != end + 4) {
            return foreign(first, (f.lastNonZero(first, f.size) + 1 - first) + " bytes of data after the end of the journal, at offset "
                    + first + " of " + f.name);
        }
        long reach = reachOfBody(f, end + 4, expectedSeq);
        if (reach < 0) {
            return foreign(first, "bytes after the end of the journal that are not the start of its next entry, at offset "
                    + first + " of " + f.name);
        }
        long beyond = f.firstNonZero(QueueFile.align(reach), f.size);
        if (beyond >= 0) {
            return foreign(beyond, "data after the end of the journal, at offset " + beyond + " of " + f.name);
        }
        return new TornTail(Kind.TORN, end, f.lastNonZero(end + 4, reach) + 1, null);
    }

    /** An excerpt flagged incomplete at {@code x}: torn when nothing follows it, else someone set the flag. */
    static TornTail incomplete(QueueFile f, QueueFile.Excerpt x, long expectedSeq) throws IOException {
        long reach = x.length() > 0 ? x.bodyPos() + x.length() : reachOfBody(f, x.bodyPos(), expectedSeq);
        if (reach < 0) {
            return foreign(x.pos(), "the excerpt at offset " + x.pos() + " of " + f.name + " is flagged incomplete and"
                    + " does not hold the next entry");
        }
        long beyond = f.firstNonZero(QueueFile.align(reach), f.size);
        if (beyond >= 0) {
            return foreign(x.pos(), "the excerpt at offset " + x.pos() + " of " + f.name + " is flagged incomplete but "
                    + (f.lastNonZero(beyond, f.size) + 1 - beyond) + " more bytes of data follow it");
        }
        return new TornTail(Kind.TORN, x.pos(), Math.max(x.bodyPos(), f.lastNonZero(x.pos(), reach) + 1), null);
    }

    /**
     * A cycle file as Chronicle leaves it when its writer is stopped while creating it, or null when it is
     * not one. Chronicle creates the file (0 bytes), sizes it (zeros), sets the header word at offset 0 to
     * "incomplete" ({@code 0x80000000}), writes the store header, then its two indexes ({@code index2index}
     * and the first {@code index}, each body first and header word last), and only then publishes the header
     * word; no excerpt is written after the indexes before that. So: a file of no bytes or only zeros, or the
     * incomplete header word followed by the start of a store header and those indexes, and nothing else.
     */
    static TornTail unpublished(QueueFile f) throws IOException {
        if (f.size == 0) {
            return new TornTail(Kind.UNPUBLISHED, 0, 0, null);
        }
        if (f.size < 4) {
            return null;
        }
        int word = f.intAt(0);
        if (word == 0) {
            return f.firstNonZero(0, f.size) < 0 ? new TornTail(Kind.UNPUBLISHED, 0, 0, null) : null;
        }
        if (word != QueueFile.NOT_COMPLETE) {
            return null;
        }
        long reach = creationReach(f);
        if (reach < 0 || f.firstNonZero(reach, f.size) >= 0) {
            return null;
        }
        return new TornTail(Kind.UNPUBLISHED, 0, f.lastNonZero(0, reach) + 1, null);
    }

    /** How far the bytes of an unpublished cycle file may reach, judged by what Chronicle wrote so far; -1: not Chronicle's. */
    private static long creationReach(QueueFile f) throws IOException {
        if (f.firstNonZero(4, f.size) < 0) {
            return 4; // the header word alone
        }
        if (f.size < 8 || f.byteAt(4) != 0xb9) {
            return -1; // a store header starts with its name, b9 06 "header", written first
        }
        long index2index = -1;
        for (long p = 8; p + 4 + INDEX2INDEX.length <= Math.min(HEADER_REACH, f.size); p += 4) {
            if (Arrays.equals(f.bytes(p + 4, INDEX2INDEX.length), INDEX2INDEX)) {
                index2index = p;
                break;
            }
        }
        if (index2index < 0) {
            return HEADER_REACH; // the store header is still being written
        }
        QueueFile.Excerpt i2i = f.at(index2index);
        if (i2i.word() == 0) {
            return i2i.bodyPos() + INDEX_REACH; // the index2index is still being written
        }
        if (i2i.type() != QueueFile.Type.META || i2i.length() > INDEX_REACH) {
            return -1;
        }
        QueueFile.Excerpt index = f.at(i2i.next());
        if (index.word() == 0) {
            // the first index is being written (or not yet begun): its name first
            return index.bodyPos() + INDEX.length <= f.size && startOf(f.bytes(index.bodyPos(), INDEX.length), INDEX)
                    ? index.bodyPos() + INDEX_REACH : -1;
        }
        if (index.type() != QueueFile.Type.META || index.length() > INDEX_REACH
                || !Arrays.equals(f.bytes(index.bodyPos(), INDEX.length), INDEX)) {
            return -1;
        }
        return index.next(); // both indexes are written: publishing the header word was all that was left
    }

    /** True when {@code bytes} are {@code name} as far as it was written: each byte is the name's, or still zero. */
    private static boolean startOf(byte[] bytes, byte[] name) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0 && bytes[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the stored hash of a complete data excerpt is all zeros: its last page never made it. */
    static boolean lostPages(byte[] body) {
        if (body.length < HashChain.HASH_BYTES) {
            return false;
        }
        for (int i = body.length - HashChain.HASH_BYTES; i < body.length; i++) {
            if (body[i] != 0) {
                return false;
            }
        }
        return !isVoid(body);
    }

    /** True when a data excerpt's body is all zeros: a torn entry a writer voided (readers skip it). */
    static boolean isVoid(byte[] body) {
        for (byte b : body) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * How far the body of an unfinished excerpt starting at {@code bodyPos} could reach, judged by its first
     * bytes: an entry (layout 1, the expected seq, a sane length) or a Chronicle index; -1 when it is neither.
     */
    private static long reachOfBody(QueueFile f, long bodyPos, long expectedSeq) throws IOException {
        int first = f.byteAt(bodyPos);
        if (first == 0xb9) {
            return bodyPos + INDEX_REACH;
        }
        if (first != EntryCodec.FORMAT_VERSION) {
            return -1;
        }
        int have = (int) Math.min(EntryCodec.HEADER_BYTES, f.size - bodyPos);
        ByteBuffer head = ByteBuffer.wrap(f.bytes(bodyPos, have)).order(ByteOrder.LITTLE_ENDIAN);
        if (have >= 9) {
            long seq = head.getLong(1);
            if (expectedSeq > 0 && seq != 0 && seq != expectedSeq) {
                return -1;
            }
        }
        if (have < EntryCodec.HEADER_BYTES) {
            return bodyPos + EntryCodec.HEADER_BYTES;
        }
        int n = head.getInt(18);
        if (n < 0 || n > JournalFiles.MAX_PAYLOAD_BYTES) {
            return -1;
        }
        return bodyPos + EntryCodec.OVERHEAD_BYTES + n;
    }

    private static TornTail foreign(long offset, String problem) {
        return new TornTail(Kind.FOREIGN, offset, offset, problem);
    }
}
