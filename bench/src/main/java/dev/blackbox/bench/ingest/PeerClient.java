package dev.blackbox.bench.ingest;

import dev.blackbox.recorder.remote.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The recorder's two peers, each run in a JVM of its own ({@code java -cp blackbox-bench.jar ...PeerClient}):
 * <ul>
 *   <li>{@code null}: the transport limit. A Vert.x {@code WebSocketClient} on the subscribe URL with the
 *   recorder's headers and frame limits, reassembling fragments as the recorder's transport does; it counts
 *   each frame and throws it away.</li>
 *   <li>{@code jsonl}: a plain JSON-lines writer. The same client, and each frame's bytes plus {@code '\n'}
 *   written through a 64 KiB {@code BufferedOutputStream} into a file (from the frame's heap buffer, no
 *   decode and no extra copy); flushed and closed at the end, inside the measured time.</li>
 * </ul>
 * Both run on one event loop, as a recorder session does, and exit when the source closes (4003), printing
 * one {@code RESULT {json}} line: frames, bytes, and the epoch-µs times of frame {@code WARMUP} (the
 * first measured one) and of the end (the close, which follows the last frame in the same read; no clock
 * is read per frame).
 */
public final class PeerClient extends VerticleBase {

    private final String mode;
    private final String url;
    private final String token;
    private final long warmup;
    private final OutputStream out;
    private WebSocketClient client;
    private Buffer partial;
    private long frames;
    private long bytes;
    private long measuredStartMicros;
    private long measuredBytesBefore;

    private PeerClient(String mode, String url, String token, long warmup, String file) throws IOException {
        this.mode = mode;
        this.url = url;
        this.token = token;
        this.warmup = warmup;
        this.out = mode.equals("jsonl") ? new BufferedOutputStream(new FileOutputStream(file), 64 * 1024) : null;
    }

    /** {@code PeerClient null|jsonl URL WARMUP [FILE]}; the token comes from {@code $INGEST_BENCH_TOKEN}. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        if (!mode.equals("null") && !mode.equals("jsonl")) {
            throw new IllegalArgumentException("mode is null or jsonl, not " + mode);
        }
        PeerClient peer = new PeerClient(mode, args[1], System.getenv("INGEST_BENCH_TOKEN"), Long.parseLong(args[2]),
                args.length > 3 ? args[3] : null);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(peer).onFailure(e -> {
            System.err.println("peer: cannot connect: " + e.getMessage());
            System.exit(1);
        });
    }

    @Override
    public Future<?> start() {
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(WebSocketTransport.MAX_MESSAGE_BYTES).setMaxMessageSize(WebSocketTransport.MAX_MESSAGE_BYTES));
        return client.connect(new WebSocketConnectOptions().setAbsoluteURI(url)
                        .addHeader("Authorization", "Bearer " + token)
                        .addHeader("anthropic-version", "2023-06-01"))
                .onSuccess(ws -> {
                    ws.frameHandler(this::onFrame);
                    ws.closeHandler(v -> finish(ws.closeStatusCode()));
                });
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame.isText() || frame.isBinary()) {
            if (frame.isFinal()) {
                message(frame.binaryData());
            } else {
                partial = Buffer.buffer().appendBuffer(frame.binaryData());
            }
        } else if (frame.isContinuation() && partial != null) {
            partial.appendBuffer(frame.binaryData());
            if (frame.isFinal()) {
                Buffer whole = partial;
                partial = null;
                message(whole);
            }
        }
    }

    private void message(Buffer data) {
        if (frames == warmup) {
            measuredStartMicros = EpochMicros.now();
            measuredBytesBefore = bytes;
        }
        int length = data.length();
        if (out != null) {
            try {
                ((BufferInternal) data).getByteBuf().getBytes(0, out, length);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        frames++;
        bytes += length;
    }

    private void finish(Short closeCode) {
        try {
            if (out != null) {
                out.close(); // flushes: part of the measured time
            }
        } catch (IOException e) {
            System.err.println("peer: cannot close the JSON-lines file: " + e.getMessage());
        }
        long end = EpochMicros.now();
        System.out.println("RESULT " + new JsonObject()
                .put("mode", mode)
                .put("frames", frames)
                .put("bytes", bytes)
                .put("measuredFrames", Math.max(0, frames - warmup))
                .put("measuredBytes", bytes - measuredBytesBefore)
                .put("measuredStartMicros", measuredStartMicros)
                .put("endMicros", end)
                .put("closeCode", closeCode == null ? -1 : (int) closeCode)
                .encode());
        System.out.flush();
        System.exit(0);
    }
}
