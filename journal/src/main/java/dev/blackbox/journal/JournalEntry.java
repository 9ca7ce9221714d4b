package dev.blackbox.journal;

import java.nio.charset.StandardCharsets;

/**
 * One journal entry as read back: per-session sequence number (1-based, gap-free), timestamp in
 * epoch microseconds, kind, the exact payload bytes, and the chained SHA-256 hash.
 */
public record JournalEntry(long seq, long tsMicros, EntryKind kind, byte[] payload, byte[] hash) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JournalEntry[seq=" + seq + ", ts=" + tsMicros + ", kind=" + kind + ", " + payload.length + " bytes]";
    }
}
