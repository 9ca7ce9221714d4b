package dev.blackbox.bench.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The null client that measures the source itself: it upgrades like any subscriber, then only reads
 * the socket into one direct buffer and throws the bytes away (no WebSocket decoding, no frames), until
 * every byte the source was told to send has arrived. Its rate is the ceiling of source plus loopback;
 * the bench prints it next to the clients' rates so a source-bound figure cannot pass unnoticed.
 */
final class RawDrain {

    /** What it received: frames and payload bytes the source sent, and how long the frames took. */
    record Drained(long frames, long payloadBytes, long nanos) {
        double framesPerSecond() {
            return frames * 1e9 / nanos;
        }

        double megabytesPerSecond() {
            return payloadBytes * 1e3 / nanos; // 1 MB = 10^6 bytes
        }
    }

    private RawDrain() {
    }

    /** Subscribes to {@code sessionId} and drains {@code frames} frames of {@code wire}, then the close frame. */
    static Drained drain(int port, String sessionId, String token, WireFrames wire, long frames) throws IOException {
        long expected = wire.wireBytes(frames) + WireFrames.closeFrame(FrameSource.CLOSE_CODE, "bench: end of stream").readableBytes();
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET /v1/sessions/ws/" + sessionId + "/subscribe?organization_uuid=00000000-0000-0000-0000-000000000000 HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\nanthropic-version: 2023-06-01\r\n\r\n";
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
            long received = skipResponse(ch, buf);
            long start = System.nanoTime();
            while (received < expected) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    throw new IOException("the source closed after " + received + " of " + expected + " bytes");
                }
                received += n;
            }
            long nanos = System.nanoTime() - start;
            ch.write(ByteBuffer.wrap(new byte[]{(byte) 0x88, (byte) 0x80, 1, 2, 3, 4})); // a masked, empty close
            return new Drained(frames, wire.payloadBytes(frames), nanos);
        }
    }

    /** Reads up to the end of the 101 response; returns how many frame bytes came with it. */
    private static long skipResponse(SocketChannel ch, ByteBuffer buf) throws IOException {
        StringBuilder head = new StringBuilder();
        while (true) {
            buf.clear();
            if (ch.read(buf) < 0) {
                throw new IOException("the source closed during the handshake");
            }
            buf.flip();
            while (buf.hasRemaining()) {
                head.append((char) (buf.get() & 0xFF));
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    if (!head.toString().startsWith("HTTP/1.1 101")) {
                        throw new IOException("the source refused the upgrade: " + head.toString().lines().findFirst().orElse(""));
                    }
                    return buf.remaining();
                }
            }
        }
    }
}
