package dev.blackbox.journal;

import net.openhft.chronicle.bytes.Bytes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of one entry inside a Chronicle Queue document (all integers little-endian):
 * <pre>
 *   u8  entry layout version (1; 0 marks a void excerpt: a torn write a writer discarded on reopen)
 *   i64 seq
 *   i64 ts (epoch microseconds)
 *   u8  kind code
 *   i32 payload length n
 *   n   payload bytes
 *   32  SHA-256 chain hash
 * </pre>
 */
final class EntryCodec {

    static final int FORMAT_VERSION = 1;
    static final int VOID_VERSION = 0;
    static final int HEADER_BYTES = 1 + 8 + 8 + 1 + 4;
    /** Bytes an entry adds to its payload: the layout above. */
    static final int OVERHEAD_BYTES = HEADER_BYTES + HashChain.HASH_BYTES;

    private EntryCodec() {
    }

    static void write(Bytes<?> out, long seq, long ts, EntryKind kind, byte[] payload, int off, int len, byte[] hash) {
        out.writeByte((byte) FORMAT_VERSION);
        out.writeLong(seq);
        out.writeLong(ts);
        out.writeByte((byte) kind.code());
        out.writeInt(len);
        out.write(payload, off, len);
        out.write(hash);
    }

    /** Reads only the sequence number, for cheap seeking. */
    static long peekSeq(Bytes<?> in) {
        return in.readLong(in.readPosition() + 1);
    }

    /** True for a void excerpt (see the class comment): readers skip it. */
    static boolean isVoid(Bytes<?> in) {
        return in.readRemaining() > 0 && in.readUnsignedByte(in.readPosition()) == VOID_VERSION;
    }

    /** Decodes one entry, or throws {@link UnreadableEntryException} saying what is wrong with it. */
    static Decoded decode(Bytes<?> in) {
        long remaining = in.readRemaining();
        if (remaining < OVERHEAD_BYTES) {
            throw new UnreadableEntryException(-1, "entry is " + remaining + " bytes, shorter than any valid entry");
        }
        int version = in.readUnsignedByte();
        long seq = in.readLong();
        if (version != FORMAT_VERSION) {
            throw new UnreadableEntryException(seq, "unknown entry format version " + version);
        }
        long ts = in.readLong();
        int kindCode = in.readUnsignedByte();
        int len = in.readInt();
        if (len < 0 || len != in.readRemaining() - HashChain.HASH_BYTES) {
            throw new UnreadableEntryException(seq, "payload length " + len + " does not match the entry size");
        }
        byte[] payload = new byte[len];
        in.read(payload);
        byte[] hash = new byte[HashChain.HASH_BYTES];
        in.read(hash);
        return new Decoded(seq, ts, kindCode, payload, hash);
    }

    /** Decodes one entry from the body of its excerpt. */
    static Decoded decode(byte[] body) {
        if (body.length < OVERHEAD_BYTES) {
            throw new UnreadableEntryException(-1, "entry is " + body.length + " bytes, shorter than any valid entry");
        }
        ByteBuffer in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int version = in.get() & 0xff;
        long seq = in.getLong();
        if (version != FORMAT_VERSION) {
            throw new UnreadableEntryException(seq, "unknown entry format version " + version);
        }
        long ts = in.getLong();
        int kindCode = in.get() & 0xff;
        int len = in.getInt();
        if (len < 0 || len != body.length - OVERHEAD_BYTES) {
            throw new UnreadableEntryException(seq, "payload length " + len + " does not match the entry size");
        }
        byte[] payload = new byte[len];
        in.get(payload);
        byte[] hash = new byte[HashChain.HASH_BYTES];
        in.get(hash);
        return new Decoded(seq, ts, kindCode, payload, hash);
    }

    record Decoded(long seq, long ts, int kindCode, byte[] payload, byte[] hash) {
        JournalEntry toEntry() {
            EntryKind kind = EntryKind.fromCode(kindCode);
            if (kind == null) {
                throw new UnreadableEntryException(seq, "unknown entry kind code " + kindCode);
            }
            return new JournalEntry(seq, ts, kind, payload, hash);
        }
    }

    /** An entry whose bytes cannot be decoded. */
    static final class UnreadableEntryException extends JournalException {
        final long seq;

        UnreadableEntryException(long seq, String message) {
            super(message);
            this.seq = seq;
        }
    }
}
