package dev.blackbox.replay.state;

/** A change of the connection: connecting, connected, reconnecting, disconnected or error. */
public record ConnectionEvent(long seq, long tsMicros, String event, Integer closeCode, String detail) {
}
