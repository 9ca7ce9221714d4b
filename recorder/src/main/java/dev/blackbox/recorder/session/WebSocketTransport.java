package dev.blackbox.recorder.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;

/**
 * The sessions service's subscribe socket (PROTOCOL.md 2.4, 3): one connection per {@link #open},
 * with a fresh token and the two handshake headers, nothing sent on open. Frames are reassembled
 * from their WebSocket fragments as raw bytes, so the journal gets exactly what was received.
 */
public final class WebSocketTransport implements SessionTransport {

    /** Frames up to the journal's entry limit are accepted (a bigger one could not be journaled); the service's own limit is not known. */
    public static final int MAX_MESSAGE_BYTES = dev.blackbox.journal.JournalFiles.MAX_PAYLOAD_BYTES;

    private final WebSocketClient client;
    private final SessionSettings settings;
    private WebSocket socket;
    private boolean closingByUs;
    private Buffer partial;
    private boolean partialBinary;

    public WebSocketTransport(WebSocketClient client, SessionSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public Future<Void> open(Listener listener) {
        String token;
        try {
            token = settings.token().get();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e.getMessage());
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(settings.subscribeUri().toString())
                .setSsl(settings.secure())
                .setConnectTimeout(15_000)
                .addHeader("Authorization", "Bearer " + token)
                .addHeader("anthropic-version", "2023-06-01");
        return client.connect(options)
                .recover(e -> Future.failedFuture(describe(e)))
                .map(ws -> {
                    socket = ws;
                    closingByUs = false;
                    ws.frameHandler(frame -> onFrame(frame, listener));
                    ws.exceptionHandler(listener::onError);
                    ws.closeHandler(v -> {
                        socket = null;
                        if (!closingByUs) {
                            Short code = ws.closeStatusCode();
                            listener.onClosed(code == null ? 1006 : code, ws.closeReason());
                        }
                    });
                    return null;
                });
    }

    private void onFrame(WebSocketFrame frame, Listener listener) {
        if (frame.isText() || frame.isBinary()) {
            if (frame.isFinal()) {
                listener.onFrame(frame.binaryData(), frame.isBinary());
            } else {
                partial = Buffer.buffer().appendBuffer(frame.binaryData());
                partialBinary = frame.isBinary();
            }
        } else if (frame.isContinuation() && partial != null) {
            partial.appendBuffer(frame.binaryData());
            if (frame.isFinal()) {
                Buffer whole = partial;
                partial = null;
                listener.onFrame(whole, partialBinary);
            }
        }
        // ping, pong and close frames are the WebSocket layer's business
    }

    /** A one-line reason that never contains the token (Vert.x errors carry no headers, but be sure). */
    private static Throwable describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IllegalStateException(message.replaceAll("(?i)bearer\\s+\\S+", "Bearer ***"));
    }

    @Override
    public Future<Void> send(String text) {
        WebSocket ws = socket;
        if (ws == null) {
            return Future.failedFuture("not connected");
        }
        return ws.writeTextMessage(text);
    }

    @Override
    public void ping() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.writePing(Buffer.buffer()); // errors are ignored, as upstream does
        }
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        socket = null;
        partial = null;
        if (ws != null) {
            closingByUs = true;
            ws.close();
        }
    }

    @Override
    public boolean isOpen() {
        return socket != null;
    }
}
