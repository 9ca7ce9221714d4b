package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Keeps a session connected: opens the transport, journals every attempt and every close, and asks
 * the transport's {@link ReconnectRules} what to do next — reconnect after a delay, or give up with
 * an outcome. Also the unresponsive-session watchdog (PROTOCOL.md 5.4): after a user message, a
 * silence longer than the rules allow forces a reconnect. Single-threaded, on the recorder's event loop.
 */
final class SessionConnection {

    /** What the recorder hears from its connection. */
    interface Listener {
        void onFrame(Buffer data, boolean binary);

        /** A frame the session's host side writes (see {@link SessionTransport.Listener#onOutbound}). */
        void onOutbound(Buffer frame);

        /** The connection is open (again). */
        void onConnected();

        /** The rules gave up: the recording ends with this outcome. */
        void onGaveUp(RecordingOutcome outcome, String reason);
    }

    private final Vertx vertx;
    private final SessionTransport transport;
    private final ReconnectRules rules;
    private final JournalFirstWriter journal;
    private final Listener listener;
    private final ConnectionEvents events;
    private String status = "connecting";
    private int attempts;
    /** The open whose outcome counts: a forced reconnect supersedes an open still in flight. */
    private int current;
    private boolean proven;
    private boolean compacting;
    private boolean stopped;
    private long watchdogTimer = -1;
    private long reconnectTimer = -1;

    SessionConnection(Vertx vertx, SessionTransport transport, JournalFirstWriter journal, Listener listener,
                      ConnectionEvents events) {
        this.vertx = vertx;
        this.events = events;
        this.transport = transport;
        this.rules = transport.reconnectRules();
        this.journal = journal;
        this.listener = listener;
    }

    void connect() {
        if (stopped || !rules.connectRequested()) {
            return;
        }
        attempts++;
        if (journal.record(new JournalRecord.Connecting(attempts)) < 0) {
            return;
        }
        events.connecting(attempts);
        int attempt = ++current;
        transport.open(new SessionTransport.Listener() {
            @Override
            public void onFrame(Buffer data, boolean binary) {
                frame(data, binary);
            }

            @Override
            public void onClosed(int code, String reason) {
                closed(code, reason);
            }

            @Override
            public void onError(String message) {
                journal.record(new JournalRecord.ConnectionError(message));
            }

            @Override
            public void onOutbound(Buffer frame) {
                listener.onOutbound(frame);
            }

            @Override
            public void onRecord(JournalRecord record) {
                journal.record(record);
            }
        }).onSuccess(v -> {
            if (attempt == current) {
                opened();
            }
        }).onFailure(e -> {
            if (stopped || attempt != current) {
                return; // stopped, or superseded by a forced reconnect, which connects again by itself
            }
            journal.record(new JournalRecord.ConnectionError(e.getMessage()));
            closed(e instanceof SessionTransport.OpenFailed f ? f.code : 0, e.getMessage());
        });
    }

    private void opened() {
        if (stopped) {
            transport.close();
            return;
        }
        rules.opened();
        proven = false;
        status = "connected";
        if (journal.record(new JournalRecord.Connected(attempts)) >= 0) {
            events.connected(attempts);
            listener.onConnected();
        }
    }

    private void frame(Buffer data, boolean binary) {
        clearWatchdog(); // any inbound frame proves the session is alive
        if (!proven) {
            proven = true;
            rules.proven();
        }
        listener.onFrame(data, binary);
    }

    private void closed(int code, String reason) {
        if (stopped) {
            return;
        }
        clearWatchdog();
        ReconnectRules.Next next = rules.closed(code, System.currentTimeMillis());
        if (next instanceof ReconnectRules.Next.Reconnect r) {
            status = "reconnecting";
            journal.record(new JournalRecord.Reconnecting(r.attempt(), r.delayMs(), code, reason, false));
            events.reconnecting(r.attempt(), r.delayMs(), code, reason);
            reconnectAfter(r.delayMs());
        } else if (next instanceof ReconnectRules.Next.GiveUp g) {
            status = "disconnected";
            journal.record(new JournalRecord.Disconnected(code, g.reason(), g.permanent()));
            events.disconnected(code, g.reason());
            listener.onGaveUp(g.outcome(), g.reason());
        }
    }

    /** Closes silently and connects again after the rules' short delay, on request. */
    void forceReconnect(String why) {
        forceReconnect("requested", why);
    }

    /** Closes silently and connects again after the rules' short delay; {@code cause} watchdog or requested. */
    private void forceReconnect(String cause, String why) {
        if (stopped || rules.forcedReconnectDelayMs() < 0) { // a transport that cannot reconnect (a local worker)
            return;
        }
        clearWatchdog();
        cancel(reconnectTimer);
        long delay = rules.forcedReconnectDelayMs();
        journal.record(new JournalRecord.Reconnecting(0, delay, null, why, true));
        events.reconnecting(0, delay, null, why, cause);
        rules.forcedReconnect();
        current++; // an open still in flight no longer counts
        transport.close();
        reconnectAfter(delay);
    }

    private void reconnectAfter(long delayMs) {
        reconnectTimer = vertx.setTimer(delayMs, id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    /** A user message was delivered: the session must answer within the watchdog's time. */
    void messageDelivered() {
        long after = rules.watchdogMs(compacting);
        if (after <= 0 || stopped) {
            return;
        }
        clearWatchdog();
        watchdogTimer = vertx.setTimer(after, id -> {
            watchdogTimer = -1;
            forceReconnect("watchdog", "no frame for " + after + " ms after a message was sent");
        });
    }

    /** A user message is on its way: hold the watchdog until we know it was delivered. */
    void messageSending() {
        clearWatchdog();
    }

    void compacting(boolean compacting) {
        this.compacting = compacting;
    }

    /** The end: timers cancelled, the connection closed on our initiative. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!status.equals("disconnected")) { // a give-up has said so already
            events.disconnected(null, "recording stopped");
        }
        status = "disconnected";
        clearWatchdog();
        cancel(reconnectTimer);
        rules.closedByUs();
        transport.close();
    }

    String status() {
        return status;
    }

    private void clearWatchdog() {
        cancel(watchdogTimer);
        watchdogTimer = -1;
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
