package dev.blackbox.recorder.remote;

import dev.blackbox.recorder.session.ReconnectRules;
import dev.blackbox.recorder.session.RecordingOutcome;

import java.util.function.DoubleSupplier;

/**
 * The subscribe socket's life as PROTOCOL.md 3.2 describes {@code SessionsWebSocket}: states,
 * counters, close-code rules and reconnect delays: the remote transport's {@link ReconnectRules}.
 * Pure: no Vert.x, no clock; the session connection feeds it events and acts on the {@link Next} it returns.
 */
public final class ConnectionStateMachine implements ReconnectRules {

    public enum State { CLOSED, CONNECTING, CONNECTED }

    public static final int UNAUTHORIZED = 4003;
    public static final int SESSION_NOT_FOUND = 4001;

    private final ReconnectMode mode;
    private final ReconnectTimings timings;
    private final DoubleSupplier jitter;
    private State state = State.CLOSED;
    private int reconnectAttempts;
    private int sessionNotFoundRetries;
    private int persistentAttempts;
    private long outageStartedAtMs = -1;

    public ConnectionStateMachine(ReconnectMode mode, ReconnectTimings timings, DoubleSupplier jitter) {
        this.mode = mode;
        this.timings = timings;
        this.jitter = jitter;
    }

    public State state() {
        return state;
    }

    public int reconnectAttempts() {
        return reconnectAttempts;
    }

    public int sessionNotFoundRetries() {
        return sessionNotFoundRetries;
    }

    /** connect(): false when a connect is already under way (no double connect). */
    @Override
    public boolean connectRequested() {
        if (state == State.CONNECTING) {
            return false;
        }
        state = State.CONNECTING;
        return true;
    }

    /** The socket opened: the reconnect counter resets (the 4001 budget waits for {@link #proven()}). */
    @Override
    public void opened() {
        state = State.CONNECTED;
        reconnectAttempts = 0;
    }

    /**
     * The open connection delivered its first frame: the outage is over and the 4001 budget resets.
     * The service signals "session not found" by accepting the upgrade and closing with 4001 at
     * once; counting that bare open as a success (as upstream's open event does) would retry forever.
     */
    @Override
    public void proven() {
        sessionNotFoundRetries = 0;
        persistentAttempts = 0;
        outageStartedAtMs = -1;
    }

    /** We close the socket ourselves (stop, forced reconnect): the close event that follows is silent. */
    @Override
    public void closedByUs() {
        state = State.CLOSED;
    }

    /** reconnect(): counters reset, state closed; the caller connects again after the forced delay. */
    @Override
    public void forcedReconnect() {
        reconnectAttempts = 0;
        sessionNotFoundRetries = 0;
        state = State.CLOSED;
    }

    /**
     * The socket closed (or failed to open) with {@code code} at {@code nowMs}. Implements
     * handleClose: permanent 4003, 4001 with 2/4/6 s, one retry after an open connection dropped;
     * in persistent mode, exponential backoff instead of giving up on a transient failure.
     */
    @Override
    public Next closed(int code, long nowMs) {
        if (state == State.CLOSED) {
            return new Next.Ignore();
        }
        State previous = state;
        state = State.CLOSED;
        if (outageStartedAtMs < 0) {
            outageStartedAtMs = nowMs;
        }
        if (code == UNAUTHORIZED) {
            return new Next.GiveUp("unauthorized (close 4003)", RecordingOutcome.UNAUTHORIZED, true);
        }
        if (code == SESSION_NOT_FOUND) {
            sessionNotFoundRetries++;
            if (sessionNotFoundRetries > timings.maxNotFoundRetries()) {
                return new Next.GiveUp("session not found (close 4001) after " + timings.maxNotFoundRetries() + " retries",
                        RecordingOutcome.GAVE_UP, false);
            }
            return new Next.Reconnect(timings.notFoundBaseDelayMs() * sessionNotFoundRetries, sessionNotFoundRetries);
        }
        if (previous == State.CONNECTED && reconnectAttempts < timings.maxReconnectAttempts()) {
            reconnectAttempts++;
            return new Next.Reconnect(timings.reconnectDelayMs(), reconnectAttempts);
        }
        if (mode == ReconnectMode.UPSTREAM) {
            return new Next.GiveUp("connection lost (close " + code + ") and the reconnect failed", RecordingOutcome.GAVE_UP, false);
        }
        if (nowMs - outageStartedAtMs >= timings.giveUpAfterMs()) {
            return new Next.GiveUp("connection lost (close " + code + ") and not back after "
                    + (nowMs - outageStartedAtMs) / 1000 + " s of retrying", RecordingOutcome.GAVE_UP, false);
        }
        persistentAttempts++;
        return new Next.Reconnect(backoff(persistentAttempts), reconnectAttempts + persistentAttempts);
    }

    @Override
    public long forcedReconnectDelayMs() {
        return timings.forcedReconnectDelayMs();
    }

    /** After a user message, 60 s of silence (180 s while compacting) forces a reconnect (PROTOCOL.md 5.4). */
    @Override
    public long watchdogMs(boolean compacting) {
        return compacting ? timings.compactingWatchdogMs() : timings.watchdogMs();
    }

    /** 2 s, 4 s, 8 s ... capped, with +-20 % jitter so that many recorders do not retry in step. */
    private long backoff(int attempt) {
        double base = timings.reconnectDelayMs() * Math.pow(2, Math.min(attempt, 20));
        double capped = Math.min(base, timings.backoffMaxMs());
        double withJitter = capped * (0.8 + 0.4 * jitter.getAsDouble());
        return Math.max(1, Math.round(withJitter));
    }
}
