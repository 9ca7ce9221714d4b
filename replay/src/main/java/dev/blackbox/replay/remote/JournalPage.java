package dev.blackbox.replay.remote;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One page of a session's journal as it travels on the bus: plain JSON, entries with their seq, ts,
 * kind code, and payload and hash in base64 (the bytes exactly as journaled, so the reader can
 * recompute the chain). The request is {@code {sessionId, fromSeq, maxEntries?, maxBytes?, waitMs?}};
 * the reader asks for the next page only when it wants it, which is the backpressure.
 *
 * @param entries  in seq order, starting at the requested seq (or later, when earlier ones do not exist)
 * @param nextSeq  the seq to ask for next
 * @param lastSeq  the journal's last seq when the page was read
 * @param stopped  the journal's last entry is RECORDING_STOPPED (nothing more is coming unless a recorder resumes it)
 */
public record JournalPage(String sessionId, List<JournalEntry> entries, long nextSeq, long lastSeq, boolean stopped) {

    public static final int DEFAULT_MAX_ENTRIES = 1_000;
    public static final int MAX_ENTRIES = 10_000;
    public static final int DEFAULT_MAX_BYTES = 4 << 20;
    public static final long MAX_WAIT_MS = 30_000;

    /** The question for a page. */
    public static JsonObject request(String sessionId, long fromSeq, int maxEntries, int maxBytes, long waitMs) {
        return new JsonObject().put("sessionId", sessionId).put("fromSeq", fromSeq).put("maxEntries", maxEntries)
                .put("maxBytes", maxBytes).put("waitMs", waitMs);
    }

    public JsonObject toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        JsonArray out = new JsonArray();
        for (JournalEntry e : entries) {
            out.add(new JsonObject()
                    .put("seq", e.seq())
                    .put("ts", e.tsMicros())
                    .put("kind", e.kind().code())
                    .put("payload", b64.encodeToString(e.payload()))
                    .put("hash", b64.encodeToString(e.hash())));
        }
        return new JsonObject().put("sessionId", sessionId).put("entries", out).put("nextSeq", nextSeq)
                .put("lastSeq", lastSeq).put("stopped", stopped);
    }

    /** Reads a reply; an entry of a kind this version does not know is refused, never skipped. */
    public static JournalPage fromJson(JsonObject json) {
        Base64.Decoder b64 = Base64.getDecoder();
        JsonArray in = json.getJsonArray("entries", new JsonArray());
        List<JournalEntry> entries = new ArrayList<>(in.size());
        for (Object o : in) {
            JsonObject e = (JsonObject) o;
            int code = e.getInteger("kind");
            EntryKind kind = EntryKind.fromCode(code);
            if (kind == null) {
                throw new IllegalArgumentException("seq " + e.getLong("seq") + ": unknown entry kind code " + code);
            }
            entries.add(new JournalEntry(e.getLong("seq"), e.getLong("ts"), kind,
                    b64.decode(e.getString("payload")), b64.decode(e.getString("hash"))));
        }
        return new JournalPage(json.getString("sessionId"), entries, json.getLong("nextSeq"), json.getLong("lastSeq", 0L),
                json.getBoolean("stopped", false));
    }
}
