package dev.blackbox.console.transcript;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.transcript.Item;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The JSON the page receives: one journal entry ({@code frames} address) or one transcript item
 * (history). Long texts are cut so that one huge tool output cannot flood a browser; the journal
 * keeps them whole and {@code blackbox replay} shows them.
 */
final class RenderedEntry {

    static final int MAX_PAYLOAD_CHARS = 16 * 1024;
    static final int MAX_BODY_CHARS = 20_000;

    private RenderedEntry() {
    }

    /** {sessionId, seq, ts, kind, payload, payloadBytes, payloadTruncated?, items}. */
    static JsonObject entry(String sessionId, JournalEntry e, JsonArray items) {
        JsonObject json = new JsonObject()
                .put("sessionId", sessionId)
                .put("seq", e.seq())
                .put("ts", e.tsMicros())
                .put("kind", e.kind().name())
                .put("payloadBytes", e.payload().length)
                .put("items", items);
        if (e.kind() != EntryKind.FRAME_RECEIVED_BINARY) {
            String text = new String(e.payload(), StandardCharsets.UTF_8);
            json.put("payload", cut(text, MAX_PAYLOAD_CHARS));
            if (text.length() > MAX_PAYLOAD_CHARS) {
                json.put("payloadTruncated", true);
            }
        }
        return json;
    }

    static JsonArray items(List<Item> items) {
        JsonArray out = new JsonArray();
        items.forEach(i -> out.add(item(i)));
        return out;
    }

    /** {seq, ts, who, tone, marker?, headline?, body?, code, bodyOmitted?}. */
    static JsonObject item(Item i) {
        JsonObject json = new JsonObject()
                .put("seq", i.seq())
                .put("ts", i.tsMicros())
                .put("who", i.who().label())
                .put("tone", i.tone().name().toLowerCase(Locale.ROOT))
                .put("code", i.code());
        if (i.marker() != null) {
            json.put("marker", i.marker().label());
        }
        if (i.headline() != null) {
            json.put("headline", i.headline());
        }
        if (i.body() != null) {
            json.put("body", cut(i.body(), MAX_BODY_CHARS));
            if (i.body().length() > MAX_BODY_CHARS) {
                json.put("bodyOmitted", i.body().length() - MAX_BODY_CHARS);
            }
        }
        return json;
    }

    /** A rough size, to keep a history answer within a budget. */
    static int weight(JsonObject item) {
        String body = item.getString("body");
        String headline = item.getString("headline");
        return 100 + (body == null ? 0 : body.length()) + (headline == null ? 0 : headline.length());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
