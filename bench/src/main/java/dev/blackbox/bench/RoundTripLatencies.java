package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Permission round trips read back from a session's journal: for each {@code can_use_tool}, the
 * time from its {@code FRAME_RECEIVED} entry to the {@code FRAME_SENT} entry of its
 * {@code control_response}. Both timestamps are the recorder's own (microseconds, taken as each
 * append starts), so the interval covers journaling the request, routing it, the bus, the
 * decision, journaling {@code PERMISSION_DECIDED}, and building the answer; the socket write
 * follows the {@code FRAME_SENT} append on the same call.
 *
 * @param nanos        the measured round trips (microsecond precision, in nanoseconds)
 * @param unanswered   measured requests with no control_response in the journal
 */
record RoundTripLatencies(Histogram nanos, long unanswered) {

    /** Skips the first {@code warmup} requests of the session. */
    static RoundTripLatencies fromJournal(Path root, String sessionId, int warmup) {
        Map<String, Long> asked = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        Histogram nanos = new Histogram(60_000_000_000L, 3);
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() == EntryKind.FRAME_RECEIVED) {
                    JsonObject frame = new JsonObject(e.payloadText());
                    if ("control_request".equals(frame.getString("type"))) {
                        String id = frame.getString("request_id");
                        asked.put(id, e.tsMicros());
                        order.put(id, order.size());
                    }
                } else if (e.kind() == EntryKind.FRAME_SENT) {
                    JsonObject response = new JsonObject(e.payloadText()).getJsonObject("response");
                    String id = response == null ? null : response.getString("request_id");
                    Long askedAt = id == null ? null : asked.remove(id);
                    if (askedAt != null && order.get(id) >= warmup) {
                        nanos.recordValue((e.tsMicros() - askedAt) * 1_000);
                    }
                }
            }
        }
        long unanswered = asked.keySet().stream().filter(id -> order.get(id) >= warmup).count();
        return new RoundTripLatencies(nanos, unanswered);
    }
}
