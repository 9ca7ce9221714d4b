package dev.blackbox.replay.state;

/** One {@code result} frame: the end of a turn. */
public record TurnResult(long seq, long tsMicros, String subtype, boolean isError, long durationMs, long numTurns,
                         double costUsd) {
}
