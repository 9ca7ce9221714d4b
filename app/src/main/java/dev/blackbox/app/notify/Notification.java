package dev.blackbox.app.notify;

import dev.blackbox.replay.transcript.Redactor;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * The bodies of the notifications, built from the bus events: {@code permission.requested} (session,
 * tool, description, an input summary with the redaction patterns applied, how long it has waited, the
 * console link to answer it), {@code permission.resolved} (who, how, after how long) and
 * {@code permission.cancelled}. Each carries a {@code deliveryId} that stays the same across retries.
 */
record Notification(String event, String deliveryId, JsonObject body) {

    static final int SUMMARY_CHARS = 1_000;

    static Notification requested(JsonObject r, Redactor redactor, URI console, String host) {
        long nowMicros = System.currentTimeMillis() * 1000;
        long receivedAt = r.getLong("receivedAt", nowMicros);
        JsonObject body = base("permission.requested", r, host)
                .put("tool", r.getString("toolName"))
                .put("description", redactor.apply(r.getString("description")))
                .put("input", summary(r.getJsonObject("input"), redactor))
                .put("receivedAt", instant(receivedAt))
                .put("ageSeconds", Math.max(0, (nowMicros - receivedAt) / 1_000_000));
        if (console != null) {
            body.put("answerUrl", link(console, r.getString("sessionId")));
        }
        return new Notification("permission.requested", body.getString("deliveryId"), body);
    }

    static Notification resolved(JsonObject r, String host) {
        JsonObject body = base("permission.resolved", r, host)
                .put("tool", r.getString("toolName"))
                .put("behavior", r.getString("behavior"))
                .put("decidedBy", r.getString("decidedBy"))
                .put("via", r.getString("via"))
                .put("afterSeconds", r.getLong("latencyMicros", 0L) / 1_000_000.0)
                .put("journalSeq", r.getLong("journalSeq"));
        return new Notification("permission.resolved", body.getString("deliveryId"), body);
    }

    static Notification cancelled(JsonObject r, String host) {
        JsonObject body = base("permission.cancelled", r, host).put("decidedBy", "the session").put("via", "cancelled");
        return new Notification("permission.cancelled", body.getString("deliveryId"), body);
    }

    private static JsonObject base(String event, JsonObject r, String host) {
        return new JsonObject()
                .put("event", event)
                .put("deliveryId", UUID.randomUUID().toString())
                .put("sentAt", Instant.now().toString())
                .put("sessionId", r.getString("sessionId"))
                .put("requestId", r.getString("requestId"))
                .put("host", host);
    }

    /** The input as JSON, redacted first (a cut must not split a secret out of its pattern's reach), then cut. */
    static String summary(JsonObject input, Redactor redactor) {
        String text = redactor.apply(input == null ? "{}" : input.encode());
        return text.length() <= SUMMARY_CHARS ? text : text.substring(0, SUMMARY_CHARS) + "…";
    }

    /** The console's page for the session, where its pending requests are answered. */
    static String link(URI console, String sessionId) {
        String base = console.toString();
        return (base.endsWith("/") ? base : base + "/") + "#/session/" + sessionId;
    }

    private static String instant(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }
}
