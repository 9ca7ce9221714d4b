package dev.blackbox.replay.play;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.frame.JsonScan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;

/**
 * Re-publishes a recorded session on {@code blackbox.replay.<sessionId>} at its recorded pace (speed and
 * idle limit as in {@link Pacer}), so a viewer on the bus can re-watch it. Each entry is one message
 * {@code {sessionId, seq, ts, time, kind, payload}} ({@code payloadBase64} for binary frames and
 * payloads that are not UTF-8 text); the end is {@code {sessionId, end: true, entries: N}}. Playback
 * starts on deploy; {@link #finished()} completes with the number of entries published.
 */
public final class ReplayVerticle extends VerticleBase {

    /** Which part of the session, how fast, and the longest pause kept (0: none). */
    public record Options(Path root, String sessionId, double speed, double idleLimitSeconds, Bound from, Bound to) {
        public static Options of(Path root, String sessionId) {
            return new Options(root, sessionId, 1.0, 0, null, null);
        }

        public Options at(double newSpeed, double newIdleLimitSeconds) {
            return new Options(root, sessionId, newSpeed, newIdleLimitSeconds, from, to);
        }
    }

    private static final int BURST = 1_000;

    private final Options options;
    private final Promise<Long> finished = Promise.promise();
    private final JsonScan textCheck = new JsonScan();
    private Pacer pacer;
    private JournalReader reader;
    private String address;
    private JournalEntry held;
    private long heldDue;
    private long startNanos;
    private long firstTs;
    private long published;
    private boolean started;
    private long timer = -1;
    private boolean stopped;

    public ReplayVerticle(Options options) {
        this.options = options;
    }

    /** Completes with the number of entries published once the end marker went out. */
    public Future<Long> finished() {
        return finished.future();
    }

    @Override
    public Future<?> start() {
        pacer = new Pacer(options.speed(), options.idleLimitSeconds());
        reader = JournalReader.open(options.root(), options.sessionId());
        JournalEntry first = reader.next();
        firstTs = first == null ? 0 : first.tsMicros();
        reader.seek(options.from() instanceof Bound.Seq s ? s.seq() : 1);
        address = Addresses.replay(options.sessionId());
        startNanos = System.nanoTime();
        vertx.runOnContext(v -> pump());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        reader.close();
        finished.tryFail("replay of " + options.sessionId() + " stopped before its end");
        return Future.succeededFuture();
    }

    /** Publishes every entry that is due, then sleeps (a timer) until the next one is. */
    private void pump() {
        for (int burst = 0; !stopped && burst < BURST; burst++) {
            JournalEntry e = held != null ? held : nextInRange();
            if (e == null) {
                vertx.eventBus().publish(address, new JsonObject().put("sessionId", options.sessionId())
                        .put("end", true).put("entries", published));
                finished.tryComplete(published);
                return;
            }
            long due = held != null ? heldDue : startNanos + pacer.dueMicros(e.tsMicros()) * 1000;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                held = e;
                heldDue = due;
                timer = vertx.setTimer(Math.max(1, wait / 1_000_000), t -> pump());
                return;
            }
            held = null;
            vertx.eventBus().publish(address, toJson(e));
            published++;
        }
        if (!stopped) {
            vertx.runOnContext(v -> pump()); // let other work run between bursts
        }
    }

    private JournalEntry nextInRange() {
        for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
            if (!started) {
                if (options.from() != null && !options.from().reached(e.seq(), e.tsMicros(), firstTs)) {
                    continue;
                }
                started = true;
            }
            return options.to() != null && options.to().passed(e.seq(), e.tsMicros(), firstTs) ? null : e;
        }
        return null;
    }

    private JsonObject toJson(JournalEntry e) {
        JsonObject o = new JsonObject().put("sessionId", options.sessionId()).put("seq", e.seq())
                .put("ts", e.tsMicros()).put("time", Instant.ofEpochSecond(0, e.tsMicros() * 1000).toString())
                .put("kind", e.kind().name());
        byte[] p = e.payload();
        if (e.kind() == EntryKind.FRAME_RECEIVED_BINARY || !isUtf8Text(p)) {
            return o.put("payloadBase64", Base64.getEncoder().encodeToString(p));
        }
        return o.put("payload", new String(p, StandardCharsets.UTF_8));
    }

    private boolean isUtf8Text(byte[] p) {
        if (textCheck.scan(p)) {
            return true; // valid JSON is valid UTF-8
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(p), CharBuffer.allocate(p.length), true)
                .isUnderflow();
    }
}
