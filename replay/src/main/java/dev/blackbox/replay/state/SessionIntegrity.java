package dev.blackbox.replay.state;

import dev.blackbox.journal.JournalVerdicts;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.replay.play.JournalIntegrity;
import dev.blackbox.replay.remote.ChainCheck;
import dev.blackbox.replay.transcript.IntegrityLine;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A session's integrity as the projection (and so the console) shows it: {@code verdict} (sealed, live,
 * unsealed, torn tail, tampered; checking before the first verification; verified for a remote journal whose
 * chain was recomputed here), {@code level} (verified, warning, failed, pending) and {@code line}, the words
 * transcripts show at their top. A local journal is verified again when it has grown since; one a recorder is
 * writing, every {@link #LIVE_EVERY_MS} (a walk reads the whole journal), and every second once its recording
 * stopped, until its writer has sealed it and let go.
 */
final class SessionIntegrity {

    static final long PASS_EVERY_MS = 1_000;
    static final long LIVE_EVERY_MS = 30_000;
    /** After its recording stopped, a journal still "live" is asked again soon: its writer seals it and lets go. */
    static final long STOPPING_EVERY_MS = 1_000;

    private SessionIntegrity() {
    }

    static JsonObject checking() {
        return new JsonObject().put("verdict", "checking").put("level", "pending").put("line", "integrity not checked yet");
    }

    static JsonObject of(JournalVerifier.Result r) {
        IntegrityLine line = JournalIntegrity.line(r);
        return new JsonObject().put("verdict", JournalVerdicts.word(r.status())).put("level", level(line)).put("line", line.line());
    }

    static JsonObject received(ChainCheck chain, String host) {
        IntegrityLine line = JournalIntegrity.line(chain, host);
        return new JsonObject().put("verdict", chain.ok() ? "verified" : "tampered").put("level", level(line)).put("line", line.line());
    }

    static JsonObject pruned() {
        return new JsonObject().put("verdict", "pruned").put("level", "pending")
                .put("line", "pruned: its journal was deleted, leaving a tombstone in the retention log ('blackbox sessions')");
    }

    static JsonObject unverifiable(Throwable cause) {
        return new JsonObject().put("verdict", "unknown").put("level", "warning")
                .put("line", "integrity unknown: the journal could not be verified: " + cause.getMessage());
    }

    /** True when a local journal should be verified (again) now. */
    static boolean due(JsonObject integrity, boolean changed, String status, long sinceLastNanos) {
        String verdict = integrity.getString("verdict");
        if ("checking".equals(verdict)) {
            return true;
        }
        if ("live".equals(verdict)) {
            long every = "stopped".equals(status) ? STOPPING_EVERY_MS : LIVE_EVERY_MS;
            return sinceLastNanos >= every * 1_000_000; // also when nothing came: its recorder may have been killed
        }
        return changed;
    }

    private static String level(IntegrityLine line) {
        return line.level().name().toLowerCase(Locale.ROOT);
    }
}
