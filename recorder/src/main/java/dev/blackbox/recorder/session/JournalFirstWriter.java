package dev.blackbox.recorder.session;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The only path to a session's journal, and through it the only path to its transport: write first,
 * then act. A frame is appended before it is written, a user message before it is delivered; what
 * cannot be appended is never sent. The first failed append fails the writer for good: every later
 * append and send is refused at once, and the owner is told once, so it can end the recording
 * (strict, always: a recorder that acts without its journal breaks its one promise).
 *
 * <p>Frames meant for the session while it is disconnected are held and written on reconnect; a
 * frame still held when the recording ends is journaled as {@code SEND_FAILED}, never dropped.
 * Single-threaded: used on the recorder's event loop only.
 */
public final class JournalFirstWriter {

    private static final Logger log = LoggerFactory.getLogger(JournalFirstWriter.class);

    private final String sessionId;
    private final SessionJournal journal;
    private final SessionTransport transport;
    private final boolean viewerOnly;
    private final Consumer<JournalException> onFailure;
    private final SessionMeters meters;
    private final Outbox held = new Outbox();
    private final AppendLatencyLog latency; // null unless a benchmark asked for it
    private JournalException failure;
    private String endedBecause;
    private long framesReceived;
    private long framesSent;

    public JournalFirstWriter(String sessionId, SessionJournal journal, SessionTransport transport, boolean viewerOnly,
                              Consumer<JournalException> onFailure, SessionMeters meters) {
        this.sessionId = sessionId;
        this.meters = meters;
        this.journal = journal;
        this.transport = transport;
        this.viewerOnly = viewerOnly;
        this.onFailure = onFailure;
        this.latency = AppendLatencyLog.forSession(sessionId);
    }

    /** Journals a frame the session sent; its seq, or -1 when the journal has failed. */
    public long received(byte[] frame, boolean binary) {
        long seq = append(binary ? EntryKind.FRAME_RECEIVED_BINARY : EntryKind.FRAME_RECEIVED, frame);
        if (seq > 0) {
            framesReceived++;
        }
        return seq;
    }

    /**
     * Journals an event of the session's history that the connection never delivered ({@code FRAME_BACKFILLED},
     * the history's bytes); its seq, or -1 when the journal has failed.
     */
    public long backfilled(byte[] frame) {
        return append(EntryKind.FRAME_BACKFILLED, frame);
    }

    /** Journals one of the recorder's own records; its seq, or -1 when the journal has failed. */
    public long record(JournalRecord record) {
        return append(record.kind(), JournalRecord.Codec.encode(record));
    }

    /**
     * Why nothing may be sent to the session on behalf of {@code action} now (viewer-only, ended,
     * journal failed), as a sentence; null when sending is allowed. The one guard for every sender.
     */
    public String refusalToSend(String action) {
        if (viewerOnly) {
            return "session " + sessionId + " is recorded viewer-only: it never " + action;
        }
        if (failure != null) {
            return "the journal of session " + sessionId + " failed: nothing more is sent (" + failure.getMessage() + ")";
        }
        if (endedBecause != null) {
            return "recording has ended";
        }
        return null;
    }

    /** Sends a frame: journaled as FRAME_SENT, then written; held while disconnected. */
    public Future<Void> send(String frame) {
        String refusal = refusalToSend("sends frames");
        if (refusal != null) {
            if (failure == null && endedBecause != null) {
                record(new JournalRecord.SendFailed(frame, "recording has ended"));
            }
            return Future.failedFuture(refusal);
        }
        if (!transport.isOpen()) {
            return held.hold(frame); // journaled as sent when it is actually sent, on reconnect
        }
        return writeNow(frame);
    }

    /**
     * Delivers a user message (the transport's user event): journaled as FRAME_SENT, then delivered.
     * Not held while disconnected: the caller hears at once that it was not delivered.
     */
    public Future<Integer> deliverUserMessage(String userEvent) {
        String refusal = refusalToSend("sends messages");
        if (refusal != null) {
            return Future.failedFuture(refusal);
        }
        byte[] bytes = userEvent.getBytes(StandardCharsets.UTF_8);
        if (append(EntryKind.FRAME_SENT, bytes) < 0) {
            return Future.failedFuture(refusalToSend("sends messages"));
        }
        framesSent++;
        meters.sent(bytes);
        return transport.deliverUserMessage(userEvent);
    }

    /** Writes a checkpoint when one is due by time (a quiet session); a failure fails the writer like an append. */
    public void checkpointIfDue() {
        if (failure != null || endedBecause != null || journal.isClosed()) {
            return;
        }
        try {
            journal.checkpointIfDue();
        } catch (RuntimeException | InternalError e) {
            fail(e);
        }
    }

    /** The connection is (back) up: write what was held, in order. */
    public void connected() {
        held.drain(this::writeNow);
    }

    private Future<Void> writeNow(String frame) {
        if (failure != null) {
            return Future.failedFuture(refusalToSend("sends frames"));
        }
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        if (append(EntryKind.FRAME_SENT, bytes) < 0) {
            return Future.failedFuture(refusalToSend("sends frames"));
        }
        framesSent++;
        meters.sent(bytes);
        return transport.send(frame).recover(e -> {
            // the connection died under the write: say so, and deliver it after the reconnect instead
            record(new JournalRecord.SendFailed(frame, e.getMessage() + "; held for the next connection"));
            return endedBecause != null || failure != null ? Future.failedFuture(e) : held.hold(frame);
        });
    }

    /**
     * Ends the recording: frames still held are journaled as SEND_FAILED, then RECORDING_STOPPED, and
     * the journal is closed (sealed). After a journal failure only the close is attempted.
     */
    public void end(String reason) {
        if (endedBecause != null) {
            return;
        }
        endedBecause = reason;
        if (failure == null) {
            held.failAll(frame -> record(new JournalRecord.SendFailed(frame, "recording ended: " + reason)));
            record(new JournalRecord.RecordingStopped(reason));
        } else {
            held.failAll(frame -> { });
        }
        if (latency != null) {
            latency.close();
        }
        try {
            journal.close();
        } catch (RuntimeException | InternalError e) {
            log.debug("session {}: closing the failed journal: {}", sessionId, e.toString());
        }
    }

    private long append(EntryKind kind, byte[] payload) {
        if (failure != null || journal.isClosed()) {
            return -1;
        }
        try {
            // one pair of clock reads, whether the meters, the sampled latency log or both time this append
            boolean sampled = latency != null && latency.sampleNext();
            long started = sampled ? System.nanoTime() : meters.appendStarts();
            long seq = journal.append(kind, payload);
            if (sampled) {
                long end = System.nanoTime();
                latency.record(end, end - started);
                meters.appended(kind, started, end);
            } else {
                meters.appended(kind, started);
            }
            return seq;
        } catch (RuntimeException | InternalError e) {
            fail(e);
            return -1;
        }
    }

    private void fail(Throwable e) {
        failure = e instanceof JournalException j ? j
                : new JournalException("journal append failed in " + journal.directory() + ": " + e, e);
        log.debug("session {}: journal append failed", sessionId, e); // the trace, once, for the log
        onFailure.accept(failure);
    }

    public boolean failed() {
        return failure != null;
    }

    public long lastSeq() {
        return journal.lastSeq();
    }

    /** Timestamp (epoch µs) of the last entry appended, the time frames were received at. */
    public long lastTsMicros() {
        return journal.lastTsMicros();
    }

    public long framesReceived() {
        return framesReceived;
    }

    public long framesSent() {
        return framesSent;
    }

    public int heldCount() {
        return held.size();
    }
}
