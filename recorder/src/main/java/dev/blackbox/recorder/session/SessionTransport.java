package dev.blackbox.recorder.session;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The one seam between a session and how its frames travel. The subscribe WebSocket is one
 * transport; a worker's stdin/stdout (stream-json) would be another, with no change to the
 * journal, the permission table or the readers.
 */
public interface SessionTransport {

    /** Callbacks, invoked on the recorder's event loop. */
    interface Listener {
        /** One whole message, exactly as received. */
        void onFrame(Buffer data, boolean binary);

        /** The connection closed, by the peer or the network; {@code code} 1006 when there was no close frame. */
        void onClosed(int code, String reason);

        /** A transport error; the close that follows drives reconnects. */
        void onError(Throwable error);
    }

    /** Opens the connection; the Future fails when it never opened (rejected upgrade, refused connection). */
    Future<Void> open(Listener listener);

    /** Writes one text frame. */
    Future<Void> send(String text);

    /** A protocol-level keep-alive (a WebSocket ping), if the transport has one. */
    void ping();

    /** Closes the connection on our initiative; no {@link Listener#onClosed} follows. */
    void close();

    boolean isOpen();
}
