package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;

/**
 * The ingest bench's reference consumer: subscribes exactly as the recorder does (same URL, same
 * headers, same frame limits) and counts the frames and bytes, discarding them. With a journal
 * root it is the latency probe instead: every frame is appended to a {@link SessionJournal} on
 * this event loop, as the recorder appends it, and each append is timed into a histogram. That is
 * the recorder's hot path minus parsing and routing.
 */
final class IngestSinkVerticle extends VerticleBase {

    private final RemoteSession session;
    private final String sessionId;
    private final long expectedFrames;
    private final Path journalRoot;
    private final Promise<IngestSinkVerticle> done = Promise.promise();
    private final Histogram appendNanos = new Histogram(10_000_000_000L, 3);
    private SessionJournal journal;
    private WebSocketClient client; // held: an unreachable client is closed by Vert.x's cleaner, mid-handshake
    private Buffer partial;
    private long frames;
    private long bytes;
    private long firstFrameNanos;
    private long lastFrameNanos;

    /** @param journalRoot where the probe journals, or null for the null sink */
    IngestSinkVerticle(RemoteSession session, String sessionId, long expectedFrames, Path journalRoot) {
        this.session = session;
        this.sessionId = sessionId;
        this.expectedFrames = expectedFrames;
        this.journalRoot = journalRoot;
    }

    @Override
    public Future<?> start() {
        if (journalRoot != null) {
            journal = SessionJournal.open(journalRoot, sessionId);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(session.subscribeUri(sessionId).toString())
                .addHeader("Authorization", "Bearer " + session.token().get())
                .addHeader("anthropic-version", "2023-06-01");
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(WebSocketTransport.MAX_MESSAGE_BYTES)
                .setMaxMessageSize(WebSocketTransport.MAX_MESSAGE_BYTES));
        return client.connect(options)
                .onSuccess(ws -> {
                    ws.frameHandler(this::onFrame);
                    ws.closeHandler(v -> done.tryFail("the source closed the socket after " + frames + " of "
                            + expectedFrames + " frames"));
                });
    }

    /** Completes on this verticle's event loop once every expected frame has arrived. */
    Future<IngestSinkVerticle> done() {
        return done.future();
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
        long now = System.nanoTime();
        if (frames == 0) {
            firstFrameNanos = now;
        }
        if (journal != null) {
            byte[] payload = data.getBytes();
            long start = System.nanoTime();
            journal.append(EntryKind.FRAME_RECEIVED, payload);
            appendNanos.recordValue(System.nanoTime() - start);
        }
        frames++;
        bytes += data.length();
        lastFrameNanos = now;
        if (frames == expectedFrames) {
            done.tryComplete(this);
        }
    }

    @Override
    public Future<?> stop() {
        if (journal != null) {
            journal.close();
        }
        return client.close();
    }

    long frames() {
        return frames;
    }

    long bytes() {
        return bytes;
    }

    long wallNanos() {
        return lastFrameNanos - firstFrameNanos;
    }

    /** Append latency of the probe; empty for the null sink. Read it once {@link #done()} has completed. */
    Histogram appendNanos() {
        return appendNanos;
    }
}
