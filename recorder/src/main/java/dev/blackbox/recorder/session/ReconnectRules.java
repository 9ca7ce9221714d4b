package dev.blackbox.recorder.session;

/**
 * What a transport does after its connection closes: reconnect after a delay, or give up and end
 * the recording with an outcome. Pure (no Vert.x, no clock): {@link SessionConnection} feeds it the
 * connection's events and acts on what it returns. The remote transport's rules are
 * {@code recorder.remote.ConnectionStateMachine}; a local worker never reconnects. The defaults are those of a
 * connection made once: nothing to count, no forced reconnect, no watchdog.
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
    default void opened() {
    }

    /** The open connection delivered its first frame: it really works. */
    default void proven() {
    }

    /** The connection closed (or never opened) with {@code code} at {@code nowMs}. */
    Next closed(int code, long nowMs);

    /** We close it ourselves (the end, or a forced reconnect): the close that follows is silent. */
    default void closedByUs() {
    }

    /** A forced reconnect: counters reset; the caller connects again after {@link #forcedReconnectDelayMs()}. */
    default void forcedReconnect() {
    }

    /** Negative for a transport that cannot reconnect (a local worker, the default): a forced reconnect is then ignored. */
    default long forcedReconnectDelayMs() {
        return -1;
    }

    /** Silence after a user message before a forced reconnect, 0 for never (a transport with no such rule, the default). */
    default long watchdogMs(boolean compacting) {
        return 0;
    }
}
