package dev.blackbox.recorder.remote;

/**
 * Every delay of the connection's life, in milliseconds. {@link #upstream()} holds the values of
 * Claude Code's own client (PROTOCOL.md 3.2, 3.5, 5.4); tests scale them down with {@link #scaled}.
 */
public record ReconnectTimings(
        long reconnectDelayMs,          // RECONNECT_DELAY_MS: after a drop of an open connection
        int maxReconnectAttempts,       // MAX_RECONNECT_ATTEMPTS
        long notFoundBaseDelayMs,       // 4001: retry after base x n (2, 4, 6 s)
        int maxNotFoundRetries,         // MAX_SESSION_NOT_FOUND_RETRIES
        long pingIntervalMs,            // PING_INTERVAL_MS
        long forcedReconnectDelayMs,    // reconnect(): close, then connect after this
        long watchdogMs,                // silence after a POST before a forced reconnect
        long compactingWatchdogMs,      // the same while the last status was "compacting"
        long backoffMaxMs,              // persistent mode: exponential backoff ceiling
        long giveUpAfterMs) {           // persistent mode: how long one outage may last

    public static ReconnectTimings upstream() {
        return new ReconnectTimings(2_000, 5, 2_000, 3, 30_000, 500, 60_000, 180_000, 60_000, 600_000);
    }

    /** Every delay multiplied by {@code factor} (at least 1 ms); counts unchanged. */
    public ReconnectTimings scaled(double factor) {
        return new ReconnectTimings(s(reconnectDelayMs, factor), maxReconnectAttempts, s(notFoundBaseDelayMs, factor),
                maxNotFoundRetries, s(pingIntervalMs, factor), s(forcedReconnectDelayMs, factor), s(watchdogMs, factor),
                s(compactingWatchdogMs, factor), s(backoffMaxMs, factor), s(giveUpAfterMs, factor));
    }


    private static long s(long ms, double factor) {
        return Math.max(1, Math.round(ms * factor));
    }
}
