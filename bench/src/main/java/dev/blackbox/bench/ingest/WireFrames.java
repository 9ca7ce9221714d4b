package dev.blackbox.bench.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A mix's frames encoded once as server-to-client WebSocket text frames (RFC 6455: FIN, opcode 1, no
 * mask) into one direct buffer, so the source only hands slices of it to the socket: no encoding, no
 * copy in the JVM, nothing allocated per frame. A session cycles through the pool.
 */
final class WireFrames {

    private final ByteBuf encoded;
    private final int[] offsets; // frame i is encoded[offsets[i], offsets[i + 1])
    private final int[] payloadLengths;
    private final long payloadBytes;

    WireFrames(List<byte[]> frames) {
        int total = 0;
        long payload = 0;
        for (byte[] f : frames) {
            total += headerBytes(f.length) + f.length;
            payload += f.length;
        }
        encoded = Unpooled.directBuffer(total, total);
        offsets = new int[frames.size() + 1];
        payloadLengths = new int[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            offsets[i] = encoded.writerIndex();
            payloadLengths[i] = frames.get(i).length;
            writeFrame(encoded, 0x1, frames.get(i));
        }
        offsets[frames.size()] = encoded.writerIndex();
        payloadBytes = payload;
    }

    int size() {
        return offsets.length - 1;
    }

    /** Payload bytes (the frames themselves, without WebSocket headers) of frame number {@code n} of a session. */
    int payloadLength(long n) {
        return payloadLengths[(int) (n % size())];
    }

    /** Payload bytes of the first {@code count} frames of a session. */
    long payloadBytes(long count) {
        long whole = count / size();
        long sum = whole * payloadBytes;
        for (long n = whole * size(); n < count; n++) {
            sum += payloadLength(n);
        }
        return sum;
    }

    /** Wire bytes (headers included) of the first {@code count} frames of a session. */
    long wireBytes(long count) {
        long whole = count / size();
        long sum = whole * (long) offsets[size()];
        int rest = (int) (count - whole * size());
        return sum + offsets[rest];
    }

    /** How many frames from frame {@code n} on fit into one write of at most {@code maxBytes} (at least one, not past the pool's end). */
    int framesFrom(long n, long remaining, int maxBytes) {
        int i = (int) (n % size());
        int j = i + 1;
        while (j < size() && j - i < remaining && offsets[j + 1] - offsets[i] <= maxBytes) {
            j++;
        }
        return j - i;
    }

    /** A retained slice of frames {@code [n, n + count)}: the caller's write releases it. */
    ByteBuf slice(long n, int count) {
        int i = (int) (n % size());
        return encoded.retainedSlice(offsets[i], offsets[i + count] - offsets[i]);
    }

    void release() {
        encoded.release();
    }

    /** The close frame that ends a session: 4003, as the service closes an unauthorized subscriber. */
    static ByteBuf closeFrame(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        ByteBuf out = Unpooled.buffer(4 + payload.length);
        writeFrame(out, 0x8, payload);
        return out;
    }

    static void writeFrame(ByteBuf out, int opcode, byte[] payload) {
        out.writeByte(0x80 | opcode);
        int n = payload.length;
        if (n < 126) {
            out.writeByte(n);
        } else if (n < 65_536) {
            out.writeByte(126);
            out.writeShort(n);
        } else {
            out.writeByte(127);
            out.writeLong(n);
        }
        out.writeBytes(payload);
    }

    /** Header bytes of an unmasked frame with this payload length. */
    private static int headerBytes(int length) {
        return length < 126 ? 2 : length < 65_536 ? 4 : 10;
    }
}
