package dev.blackbox.recorder.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.List;
import java.util.Set;

/**
 * Where Blackbox's meters live and what they are called: every name once (the README's "Metrics and
 * health" section lists them), and the bounded values their tags may take, so that no frame, tool or
 * person can grow a new time series. The registry is the one Vert.x Micrometer set up for the
 * process ({@code BackendRegistries.getDefaultNow()}, also what the {@code /metrics} endpoint scrapes);
 * any code may add meters to it through {@link #registry(Vertx)}. Without metrics it is null and
 * callers skip their meters.
 */
public final class BlackboxMeters {

    public static final String FRAMES_RECEIVED = "blackbox.frames.received";
    public static final String FRAMES_SENT = "blackbox.frames.sent";
    public static final String BYTES_RECEIVED = "blackbox.frames.received.bytes";
    public static final String BYTES_SENT = "blackbox.frames.sent.bytes";
    public static final String JOURNAL_APPEND = "blackbox.journal.append";
    public static final String JOURNAL_FREE = "blackbox.journal.free";
    public static final String PENDING = "blackbox.permissions.pending";
    public static final String PENDING_OLDEST = "blackbox.permissions.pending.oldest";
    public static final String DECISIONS = "blackbox.decisions";
    public static final String DECISIONS_REFUSED = "blackbox.decisions.refused";
    public static final String DECISION_LATENCY = "blackbox.decision.latency";
    public static final String CONNECTED = "blackbox.session.connected";
    public static final String RECONNECTS = "blackbox.reconnects";
    public static final String BACKFILLED = "blackbox.frames.backfilled";
    public static final String WEBHOOK_FAILURES = "blackbox.webhook.failures";

    /**
     * The frame types of the SDK and control protocols (PROTOCOL.md 7, 8, 12) counted by name; any
     * other type is counted as {@link #OTHER}, a frame that is not a JSON object with a type as {@link #MALFORMED}.
     */
    public static final List<String> FRAME_TYPES = List.of("assistant", "user", "result", "system", "stream_event",
            "tool_progress", "tool_use_summary", "auth_status", "rate_limit_event", "prompt_suggestion",
            "conversation_reset", "streamlined_text", "streamlined_tool_use_summary", "env_manager_log",
            "control_request", "control_response", "control_cancel_request", "keep_alive",
            "update_environment_variables");
    public static final String OTHER = "other";
    public static final String MALFORMED = "malformed";

    /** Who may decide ({@code via} of a decision); anything else is counted as {@link #OTHER}. */
    public static final Set<String> VIAS = Set.of("policy", "cli", "web", "bus", "timeout", "test");

    private BlackboxMeters() {
    }

    /**
     * The process's registry when {@code vertx} was built with metrics (see the app's
     * {@code MetricsVertx}), else null: a recorder on a plain Vert.x has no meters and pays nothing for them.
     */
    public static MeterRegistry registry(Vertx vertx) {
        return vertx != null && vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
    }

    /** {@code via} as a tag value: one of {@link #VIAS} or {@code other}. */
    public static String via(String via) {
        return via != null && VIAS.contains(via) ? via : OTHER;
    }

    /**
     * The cause of a reconnect, from the close code that preceded it, as a tag value: {@code normal}
     * (1000), {@code going_away} (1001), {@code abnormal} (1006: dropped, or never opened), {@code protocol}
     * (other 1xxx), {@code session_not_found} (4001), {@code service} (other 4xxx), {@code other}.
     */
    public static String closeCause(int code) {
        return switch (code) {
            case 1000 -> "normal";
            case 1001 -> "going_away";
            case 1006 -> "abnormal";
            case 4001 -> "session_not_found";
            default -> code >= 1000 && code < 2000 ? "protocol" : code >= 4000 && code < 5000 ? "service" : OTHER;
        };
    }

    /** Webhook deliveries that failed, process-wide (registered at start so it shows as 0). */
    public static Counter webhookFailures(MeterRegistry registry) {
        return Counter.builder(WEBHOOK_FAILURES).description("webhook deliveries that failed").register(registry);
    }
}
