package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * The one seam between a recorded session and how its frames travel. Everything specific to a
 * transport lives behind it: how to connect, frames in and out, how a user message is delivered,
 * close codes and reconnect rules, keep-alives. The subscribe WebSocket of the remote sessions
 * service is one implementation ({@code recorder.remote}); a local worker's stdin/stdout is another.
 * The journal, the permission edge and the readers never see which one a session used, except in
 * {@code RECORDING_STARTED.transport}.
 *
 * <p>Every method is called on the recorder's event loop; listener callbacks must be too. Nothing
 * reaches a transport without having been journaled first: only the {@link JournalFirstWriter}
 * calls {@link #send} and {@link #deliverUserMessage}.
 */
public interface SessionTransport {

    /** Callbacks, on the recorder's event loop. */
    interface Listener {
        /** One whole frame, exactly as received. */
        void onFrame(Buffer data, boolean binary);

        /** The connection closed on the peer's or the network's initiative (not after {@link #close}). */
        void onClosed(int code, String reason);

        /** A transport error worth journaling; the close that follows drives what happens next. */
        void onError(String message);

        /**
         * A frame the session's host side writes to the session: a local worker's {@code initialize}, or a
         * line an SDK application wrote to {@code blackbox-claude}. It is journaled as sent (with the
         * decision or interrupt it carries) and then handed back to {@link #send}, or refused and not sent.
         */
        void onOutbound(Buffer frame);

        /** A fact of this transport's own worth journaling: a local worker's stderr line, its exit. */
        void onRecord(JournalRecord record);
    }

    /** A connection attempt that never opened: the code and reason the reconnect rules act on. */
    final class OpenFailed extends RuntimeException {
        public final int code;

        public OpenFailed(int code, String reason) {
            super(reason);
            this.code = code;
        }
    }

    /** A user message that did not reach the session; {@code httpStatus} when the peer answered with one. */
    final class Undelivered extends RuntimeException {
        public final Integer httpStatus;

        public Undelivered(Integer httpStatus, String reason) {
            super(reason);
            this.httpStatus = httpStatus;
        }
    }

    /** {@code websocket}, {@code stdio}: journaled in RECORDING_STARTED. */
    String kind();

    /** What RECORDING_STARTED tells about the connection (URL, org; or CLI path, argv, cwd) — never a secret. */
    Map<String, Object> describe();

    /** This transport's rules for what happens after a close (reconnect, give up). */
    ReconnectRules reconnectRules();

    /** One connection attempt; fails with {@link OpenFailed} when it never opened. */
    Future<Void> open(Listener listener);

    /** Writes one frame (already journaled as FRAME_SENT). */
    Future<Void> send(String frame);

    /**
     * The user event for a message, as this transport's peer expects it ({@code content}: text or an
     * array of content blocks; {@code uuid} chosen by the caller, so the echo can be recognised).
     */
    String userEvent(String uuid, Object content);

    /**
     * Delivers one user message, given as the user event's exact bytes (already journaled as
     * FRAME_SENT): an HTTP POST to the service's events endpoint, or a stdin line for a local worker.
     * Completes with the HTTP status where there is one (null otherwise); fails when it was not delivered.
     */
    Future<Integer> deliverUserMessage(String userEvent);

    /**
     * True when another program hosts the session too (an SDK application behind {@code blackbox-claude}):
     * control requests Blackbox does not handle are left for it to answer, and its own frames arrive
     * through {@link Listener#onOutbound}.
     */
    default boolean anotherHostAnswers() {
        return false;
    }

    /**
     * The session's event history, for backfilling what a connection never delivered (after a reconnect,
     * or when a recorder restarts on a journal); null when the transport has none.
     */
    default HistorySource history() {
        return null;
    }

    /** Closes the connection on our initiative; no {@link Listener#onClosed} follows. */
    void close();

    boolean isOpen();
}
