package dev.blackbox.recorder.session;

/**
 * What a transport does after its connection closes: reconnect after a delay, or give up and end
 * the recording with an outcome. Pure (no Vert.x, no clock): {@link SessionConnection} feeds it the
 * connection's events and acts on what it returns. The remote transport's rules are
 * {@code recorder.remote.ConnectionStateMachine}; a local worker never reconnects.
 */
public interface ReconnectRules {

    /** What to do after a close. */
    sealed interface Next {
        /** Connect again after {@code delayMs}; {@code attempt} counts attempts in this outage. */
        record Reconnect(long delayMs, int attempt) implements Next {
        }

        /** The session has ended for us; {@code outcome} becomes the recording's outcome. */
        record GiveUp(String reason, RecordingOutcome outcome, boolean permanent) implements Next {
        }

        /** A close we asked for ourselves: nothing to do. */
        record Ignore() implements Next {
        }
    }

    /** A connect is about to start; false when one is already under way. */
    boolean connectRequested();

    /** The connection opened. */
    void opened();

    /** The open connection delivered its first frame: it really works. */
    void proven();

    /** The connection closed (or never opened) with {@code code} at {@code nowMs}. */
    Next closed(int code, long nowMs);

    /** We close it ourselves (the end, or a forced reconnect): the close that follows is silent. */
    void closedByUs();

    /** A forced reconnect: counters reset; the caller connects again after {@link #forcedReconnectDelayMs()}. */
    void forcedReconnect();

    /** Negative for a transport that cannot reconnect (a local worker): a forced reconnect is then ignored. */
    long forcedReconnectDelayMs();

    /** Silence after a user message before a forced reconnect, 0 for never (a transport with no such rule). */
    long watchdogMs(boolean compacting);
}
