package dev.blackbox.bench;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's entry layout (journal's {@code EntryCodec}: version, seq, ts, kind, length, payload, hash), for
 * the bench's prototypes of the journal, which cannot reach that package-private codec: written once here.
 */
final class PrototypeEntry {

    static final int HEADER_BYTES = 1 + 8 + 8 + 1 + 4;

    private PrototypeEntry() {
    }

    static void write(Bytes<?> out, long seq, long ts, int kindCode, byte[] payload, byte[] hash) {
        out.writeByte((byte) 1);
        out.writeLong(seq);
        out.writeLong(ts);
        out.writeByte((byte) kindCode);
        out.writeInt(payload.length);
        out.write(payload);
        out.write(hash);
    }
}
