package dev.blackbox.recorder.session;

import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.permission.Refusal;
import dev.blackbox.recorder.metrics.BlackboxMeters;
import dev.blackbox.recorder.permissions.PermissionRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One recorded session's meters, tagged with its session id (a recorder records a few sessions, so
 * the id is a bounded tag). The per-frame calls ({@link #received}, {@link #malformed},
 * {@link #appended}) look up a counter built at start and add to it: no allocation, no lock. Without
 * a registry every call returns at once. Everything else (decisions, reconnects, pending) happens a
 * few times a minute. Gauges read volatile snapshots, since the scrape runs on another thread.
 */
public final class SessionMeters {

    private static final SessionMeters DISABLED = new SessionMeters(null, null);

    private final MeterRegistry registry;
    private final Tags session;
    private final Set<Meter> meters = new LinkedHashSet<>();
    private final Map<String, Counter> receivedByType = new HashMap<>();
    private final Map<String, Counter> sentByType = new HashMap<>();
    private final FrameSniffer sentSniffer = new FrameSniffer();
    private Counter receivedBytes;
    private Counter sentBytes;
    private Timer append;
    private Counter backfilled;
    private volatile int pendingCount;
    private volatile long oldestPendingMicros;
    private volatile int connected;

    private SessionMeters(MeterRegistry registry, String sessionId) {
        this.registry = registry;
        this.session = sessionId == null ? Tags.empty() : Tags.of("session", sessionId);
        if (registry == null) {
            return;
        }
        for (String type : BlackboxMeters.FRAME_TYPES) {
            receivedByType.put(type, frames(BlackboxMeters.FRAMES_RECEIVED, type));
            sentByType.put(type, frames(BlackboxMeters.FRAMES_SENT, type));
        }
        for (String type : List.of(BlackboxMeters.OTHER, BlackboxMeters.MALFORMED)) {
            receivedByType.put(type, frames(BlackboxMeters.FRAMES_RECEIVED, type));
            sentByType.put(type, frames(BlackboxMeters.FRAMES_SENT, type));
        }
        receivedBytes = keep(Counter.builder(BlackboxMeters.BYTES_RECEIVED).baseUnit("bytes").tags(session)
                .description("bytes of the frames received (as journaled)").register(registry));
        sentBytes = keep(Counter.builder(BlackboxMeters.BYTES_SENT).baseUnit("bytes").tags(session)
                .description("bytes of the frames sent").register(registry));
        append = keep(Timer.builder(BlackboxMeters.JOURNAL_APPEND).tags(session)
                .description("time to append one frame to the journal (hash chain included)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry));
        backfilled = keep(Counter.builder(BlackboxMeters.BACKFILLED).tags(session)
                .description("frames recovered after a gap (backfill)").register(registry));
        keep(Gauge.builder(BlackboxMeters.PENDING, this, m -> m.pendingCount).tags(session).strongReference(true)
                .description("permission requests waiting for an answer").register(registry));
        keep(Gauge.builder(BlackboxMeters.PENDING_OLDEST, this, SessionMeters::oldestPendingSeconds).baseUnit("seconds")
                .tags(session).strongReference(true)
                .description("how long the oldest pending permission request has waited (0: none)").register(registry));
        keep(Gauge.builder(BlackboxMeters.CONNECTED, this, m -> m.connected).tags(session).strongReference(true)
                .description("1 while the session's connection is up").register(registry));
    }

    /** The session's meters on {@code registry}; null: disabled, every call returns at once. */
    public static SessionMeters of(MeterRegistry registry, String sessionId) {
        return registry == null ? DISABLED : new SessionMeters(registry, sessionId);
    }

    public static SessionMeters disabled() {
        return DISABLED;
    }

    private Counter frames(String name, String type) {
        return keep(Counter.builder(name).tags(session).tag("type", type).description("frames by type").register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    // ---- per frame ----

    /** A frame received and sniffed as {@code type}. */
    public void received(String type, int bytes) {
        if (registry == null) {
            return;
        }
        Counter c = receivedByType.get(type);
        (c != null ? c : receivedByType.get(BlackboxMeters.OTHER)).increment();
        receivedBytes.increment(bytes);
    }

    /** A frame received that is not a JSON object with a type (or a binary frame). */
    public void malformed(int bytes) {
        if (registry == null) {
            return;
        }
        receivedByType.get(BlackboxMeters.MALFORMED).increment();
        receivedBytes.increment(bytes);
    }

    /** Before an append: the clock, or 0 without a registry (then nothing reads the clock at all). */
    public long appendStarts() {
        return registry == null ? 0 : System.nanoTime();
    }

    /** After the append that started at {@code started}: frames (in and out) are timed, the recorder's own records are not. */
    public void appended(EntryKind kind, long started) {
        if (registry != null && kind.isFrame()) {
            append.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** The same, with the end already read (by whoever else timed the append). */
    public void appended(EntryKind kind, long started, long ended) {
        if (registry != null && kind.isFrame()) {
            append.record(ended - started, TimeUnit.NANOSECONDS);
        }
    }

    /** A frame written to the session (a few per turn: answers, interrupts, messages), sniffed for its type. */
    void sent(byte[] frame) {
        if (registry == null) {
            return;
        }
        String type = sentSniffer.sniff(frame) ? sentSniffer.type() : BlackboxMeters.MALFORMED;
        Counter c = sentByType.get(type);
        (c != null ? c : sentByType.get(BlackboxMeters.OTHER)).increment();
        sentBytes.increment(frame.length);
    }

    // ---- now and then ----

    /** Frames recovered after a gap: for the backfill to count what it fetched. */
    public Counter backfilled() {
        return backfilled;
    }

    void pending(Collection<PermissionRequest> pending) {
        long oldest = 0;
        for (PermissionRequest r : pending) {
            oldest = oldest == 0 ? r.receivedAtMicros() : Math.min(oldest, r.receivedAtMicros());
        }
        oldestPendingMicros = oldest;
        pendingCount = pending.size();
    }

    void decided(String behavior, String via, long latencyMicros) {
        if (registry == null) {
            return;
        }
        String v = BlackboxMeters.via(via);
        keep(Counter.builder(BlackboxMeters.DECISIONS).tags(session).tag("outcome", behavior).tag("via", v)
                .description("permission decisions by outcome and by who answered").register(registry)).increment();
        keep(Timer.builder(BlackboxMeters.DECISION_LATENCY).tags(session).tag("via", v)
                .description("time from a permission request to its decision")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry))
                .record(Math.max(0, latencyMicros), TimeUnit.MICROSECONDS);
    }

    void refused(Refusal why) {
        if (registry == null) {
            return;
        }
        keep(Counter.builder(BlackboxMeters.DECISIONS_REFUSED).tags(session).tag("reason", why.name().toLowerCase(Locale.ROOT))
                .description("decisions refused (unknown, already decided, cancelled, invalid, viewer-only)")
                .register(registry)).increment();
    }

    void reconnect(String cause) {
        if (registry == null) {
            return;
        }
        keep(Counter.builder(BlackboxMeters.RECONNECTS).tags(session).tag("cause", cause)
                .description("reconnects by cause: the close code's class, or watchdog / requested").register(registry))
                .increment();
    }

    void connected(boolean up) {
        connected = up ? 1 : 0;
    }

    private double oldestPendingSeconds() {
        long oldest = oldestPendingMicros;
        return pendingCount == 0 || oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() * 1000 - oldest) / 1e6;
    }

    /** The recording is over: its series leave the registry (a long-lived process does not keep every session it ever saw). */
    void close() {
        if (registry != null) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
