package dev.blackbox.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One Chronicle Queue v5 cycle file, read with plain positional reads: never mapped, never written, so
 * reading it changes nothing (not even on a read-only mount). It knows the excerpt framing of JOURNAL.md
 * and nothing of entries: the verifier and a writer looking at a torn tail build on it.
 *
 * <p>Framing: every excerpt starts on a 4-byte boundary with a little-endian header word; the low 30 bits
 * are the body's length, bit 30 marks Chronicle's metadata, bit 31 an excerpt still being written. A zero
 * word is the end of the written data; {@code 0xC0000000} is Chronicle's roll mark (the writer moved on to
 * a later cycle file). Chronicle pre-grows files in sparse chunks, so zeros follow the data to the end.
 */
final class QueueFile implements AutoCloseable {

    static final int NOT_COMPLETE = 0x80000000;
    static final int META_DATA = 0x40000000;
    static final int LENGTH_MASK = 0x3fffffff;
    static final int ROLL_MARK = NOT_COMPLETE | META_DATA;

    private static final int WINDOW = 1 << 20;
    private static final byte[] ZEROS = new byte[WINDOW];

    /** What a header word says is at a position. */
    enum Type {
        /** A complete data excerpt: in a journal, one entry. */
        DATA,
        /** A complete metadata excerpt: Chronicle's header or index, or something flagged as such. */
        META,
        /** Bit 31 set: an excerpt whose write never finished (or a header someone flagged). */
        INCOMPLETE,
        /** A zero word: nothing was written here (yet). */
        END,
        /** Chronicle's roll mark. */
        ROLLED,
        /** The header word, or the body it announces, runs past the end of the file. */
        CUT
    }

    record Excerpt(long pos, int word, Type type, int length) {
        long bodyPos() {
            return pos + 4;
        }

        /** Where the next excerpt starts. */
        long next() {
            return align(pos + 4 + length);
        }
    }

    final Path path;
    final String name;
    final long size;
    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart = -1;
    private int windowLength;

    private QueueFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.name = path.getFileName().toString();
        this.channel = channel;
        this.size = channel.size();
    }

    static QueueFile open(Path path) throws IOException {
        return new QueueFile(path, FileChannel.open(path, StandardOpenOption.READ));
    }

    static long align(long pos) {
        return (pos + 3) & ~3L;
    }

    /** The excerpt whose header word is at {@code pos}. */
    Excerpt at(long pos) throws IOException {
        if (pos + 4 > size) {
            return new Excerpt(pos, 0, Type.CUT, 0);
        }
        int word = intAt(pos);
        if (word == 0) {
            return new Excerpt(pos, 0, Type.END, 0);
        }
        if (word == ROLL_MARK) {
            return new Excerpt(pos, word, Type.ROLLED, 0);
        }
        int length = word & LENGTH_MASK;
        if (pos + 4 + length > size) {
            return new Excerpt(pos, word, Type.CUT, length);
        }
        Type type = (word & NOT_COMPLETE) != 0 ? Type.INCOMPLETE : (word & META_DATA) != 0 ? Type.META : Type.DATA;
        return new Excerpt(pos, word, type, length);
    }

    byte[] body(Excerpt x) throws IOException {
        return bytes(x.bodyPos(), x.length());
    }

    int intAt(long pos) throws IOException {
        fill(pos, 4);
        return window.getInt((int) (pos - windowStart));
    }

    int byteAt(long pos) throws IOException {
        fill(pos, 1);
        return window.get((int) (pos - windowStart)) & 0xff;
    }

    byte[] bytes(long pos, int length) throws IOException {
        byte[] out = new byte[length];
        if (length > WINDOW) {
            ByteBuffer dst = ByteBuffer.wrap(out);
            while (dst.hasRemaining()) {
                if (channel.read(dst, pos + dst.position()) < 0) {
                    throw new IOException(name + " ended at " + (pos + dst.position()) + " while reading");
                }
            }
            return out;
        }
        fill(pos, length);
        System.arraycopy(window.array(), (int) (pos - windowStart), out, 0, length);
        return out;
    }

    /** The position of the first non-zero byte in {@code [from, to)}, or -1 when they are all zero. */
    long firstNonZero(long from, long to) throws IOException {
        to = Math.min(to, size);
        for (long at = from; at < to; ) {
            int n = (int) Math.min(WINDOW, to - at);
            fill(at, n);
            int off = (int) (at - windowStart);
            int mismatch = Arrays.mismatch(window.array(), off, off + n, ZEROS, 0, n);
            if (mismatch >= 0) {
                return at + mismatch;
            }
            at += n;
        }
        return -1;
    }

    /** The position of the last non-zero byte in {@code [from, to)}, or -1 when they are all zero. */
    long lastNonZero(long from, long to) throws IOException {
        to = Math.min(to, size);
        long last = -1;
        for (long at = from; at < to; ) {
            int n = (int) Math.min(WINDOW, to - at);
            fill(at, n);
            int off = (int) (at - windowStart);
            byte[] a = window.array();
            if (Arrays.mismatch(a, off, off + n, ZEROS, 0, n) >= 0) {
                int i = off + n - 1;
                while (a[i] == 0) {
                    i--;
                }
                last = at + (i - off);
            }
            at += n;
        }
        return last;
    }

    /** The name of a Chronicle metadata excerpt (its binary-wire event name), or null when it has none. */
    static String metaName(byte[] body) {
        if (body.length < 2 || (body[0] & 0xff) != 0xb9) {
            return null;
        }
        int n = body[1] & 0xff;
        if (n == 0 || 2 + n > body.length) {
            return null;
        }
        return new String(body, 2, n, StandardCharsets.US_ASCII);
    }

    /** True when the body is a Chronicle index excerpt, the only metadata Chronicle writes among the data. */
    static boolean isChronicleIndex(byte[] body) {
        String name = metaName(body);
        return "index2index".equals(name) || "index".equals(name);
    }

    /** True when the body is the SCQStore header every cycle file starts with. */
    static boolean isStoreHeader(byte[] body) {
        return "header".equals(metaName(body)) && indexOf(body, "SCQStore".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    private static final byte[] DATA_FORMAT_FIELD = {(byte) 0xca, 'd', 'a', 't', 'a', 'F', 'o', 'r', 'm', 'a', 't'};
    private static final byte[] STORE_TYPE = "SCQStore".getBytes(StandardCharsets.US_ASCII);

    /**
     * The store header's {@code dataFormat} (1: excerpts 4-byte aligned, as Chronicle writes them and this
     * walk reads them; 0 would make Chronicle read the same bytes unaligned), or -1 when the header is not
     * laid out as Chronicle writes it and reads it back: the {@code SCQStore} marshallable (0x82 and its
     * length) ending with the {@code dataFormat} field and its one-byte value, nothing but padding after it,
     * and the field name nowhere else. Chronicle reads the marshallable's values in order, a value without
     * its name included, and ignores what follows it: a decoy field elsewhere must not pass for it.
     */
    static int dataFormat(byte[] storeHeader) {
        int type = indexOf(storeHeader, STORE_TYPE);
        int open = type + STORE_TYPE.length;
        if (type < 0 || open + 5 > storeHeader.length || (storeHeader[open] & 0xff) != 0x82) {
            return -1;
        }
        long length = ByteBuffer.wrap(storeHeader, open + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        long end = open + 5 + length;
        int field = (int) end - 2 - DATA_FORMAT_FIELD.length;
        if (end > storeHeader.length || field < open + 5 || indexOf(storeHeader, DATA_FORMAT_FIELD) != field
                || storeHeader[(int) end - 2] != (byte) 0xa1) {
            return -1;
        }
        for (int k = (int) end; k < storeHeader.length; k++) {
            if (storeHeader[k] != 0 && (storeHeader[k] & 0xff) != 0x8f) {
                return -1; // something after the marshallable, which Chronicle would not read
            }
        }
        return storeHeader[(int) end - 1];
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void fill(long pos, int length) throws IOException {
        if (windowStart >= 0 && pos >= windowStart && pos + length <= windowStart + windowLength) {
            return;
        }
        window.clear();
        long limit = Math.min(size - pos, WINDOW);
        window.limit((int) limit);
        while (window.hasRemaining()) {
            if (channel.read(window, pos + window.position()) < 0) {
                break;
            }
        }
        windowStart = pos;
        windowLength = window.position();
        if (windowLength < length) {
            throw new IOException(name + " ended at " + (pos + windowLength) + " while reading " + length + " bytes at " + pos);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
