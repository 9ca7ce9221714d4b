package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalEntry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A transport inside the test: frames are handed to the recorder with {@link #receive}, and the moment a
 * frame is sent, what the journal holds is read ({@code journal}) and kept with it. Never reconnects.
 */
final class InProcessTransport implements SessionTransport {

    private final Supplier<List<JournalEntry>> journal;
    final List<Map.Entry<String, List<JournalEntry>>> journalAtSend = new CopyOnWriteArrayList<>();
    volatile Listener listener;
    private volatile Context recorder;

    InProcessTransport(Supplier<List<JournalEntry>> journal) {
        this.journal = journal;
    }

    void receive(String frame) {
        recorder.runOnContext(v -> listener.onFrame(Buffer.buffer(frame), false));
    }

    @Override
    public Future<Void> send(String frame) {
        journalAtSend.add(Map.entry(frame, journal.get()));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> open(Listener l) {
        recorder = Vertx.currentContext();
        listener = l;
        return Future.succeededFuture();
    }

    @Override
    public String kind() {
        return "test";
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of();
    }

    @Override
    public ReconnectRules reconnectRules() {
        return new ReconnectRules() {
            @Override
            public boolean connectRequested() {
                return true;
            }

            @Override
            public Next closed(int code, long nowMs) {
                return new Next.GiveUp("closed", RecordingOutcome.GAVE_UP, true);
            }

            @Override
            public long forcedReconnectDelayMs() {
                return 0;
            }
        };
    }

    @Override
    public String userEvent(String uuid, Object content) {
        return "{}";
    }

    @Override
    public Future<Integer> deliverUserMessage(String userEvent) {
        return Future.failedFuture("not in this test");
    }

    @Override
    public void close() {
    }

    @Override
    public boolean isOpen() {
        return listener != null;
    }
}
