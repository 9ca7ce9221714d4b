package dev.blackbox.simulator.scenario;

import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One line of a scenario. The spelling of each step in a scenario file is documented in
 * {@code simulator/README.md}; {@link ScenarioParser} maps the file's JSON onto these records.
 */
public sealed interface Step {

    /** {@code {"send": {frame}}}: one JSON object frame, serialized once. */
    record Send(Template frame) implements Step {
    }

    /** {@code {"send_raw": "text"}}: a text frame exactly as written (malformed on purpose). */
    record SendRaw(String text) implements Step {
    }

    /** {@code {"send_binary": "base64"}}: a binary frame. */
    record SendBinary(byte[] bytes) implements Step {
    }

    /** {@code {"send_huge": {"bytes": N}}}: a valid assistant frame padded to exactly N bytes. */
    record SendHuge(int bytes) implements Step {
    }

    /** {@code {"pause": {"ms": N}}}: wait N ms (times the time scale). */
    record Pause(long millis) implements Step {
    }

    /** {@code {"keep_alive": {}}}: the application-level keep-alive frame. */
    record KeepAlive() implements Step {
    }

    /**
     * {@code {"await_permission": {...}}} or {@code {"await_response": {...}}}: wait for the client's
     * {@code control_response} to a request this scenario sent, then run the matching branch.
     * {@code timeoutMillis} 0 waits for ever.
     */
    record AwaitAnswer(String requestId, long timeoutMillis, Map<Outcome, List<Step>> branches) implements Step {

        /** The branch for an outcome, falling back as documented (error to deny, success to allow). */
        public List<Step> branch(Outcome outcome) {
            List<Step> steps = branches.get(outcome);
            if (steps == null && outcome == Outcome.ERROR) {
                steps = branches.get(Outcome.DENY);
            }
            if (steps == null && outcome == Outcome.SUCCESS) {
                steps = branches.get(Outcome.ALLOW);
            }
            return steps == null ? List.of() : steps;
        }
    }

    /** How an awaited control request ended. */
    enum Outcome {
        ALLOW, DENY, ERROR, SUCCESS, TIMEOUT, CANCEL;

        public String key() {
            return "on_" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code {"cancel_request": {"request_id": "…"}}}: the worker withdraws a pending request. */
    record CancelRequest(String requestId) implements Step {
    }

    /** {@code {"replay_pending": {}}}: send every still-pending control request again, byte for byte. */
    record ReplayPending() implements Step {
    }

    /** {@code {"await_user_message": {"timeout_ms": N}}}: wait for the next POSTed user message. */
    record AwaitUserMessage(long timeoutMillis) implements Step {
    }

    /**
     * {@code {"close": {"code": C, "reason": "…", "wait": true}}}: close every subscriber, then wait until
     * one subscribes again ({@code "wait": false}: go on at once; with the {@code unattended} option the
     * next frames then reach only the history). Code 1006 cannot be sent in a close frame, so it drops
     * the TCP connection.
     */
    record Close(int code, String reason, boolean waitForResubscribe) implements Step {
        public Close(int code, String reason) {
            this(code, reason, true);
        }
    }

    /**
     * {@code {"go_stale": {}}}: the current subscriptions go stale — their sockets stay open but
     * receive nothing more (as when the container behind them shut down) — and the scenario goes on
     * with whoever subscribes next. This is what the client's unresponsive-session watchdog is for.
     */
    record GoStale() implements Step {
    }

    /** {@code {"reject_subscribes": {"count": N, "code": C, "reason": "…"}}}: accept then close the next N subscribes. */
    record RejectSubscribes(int count, int code, String reason) implements Step {
    }

    /** {@code {"burst": {...}}}: N realistic frames from a weighted mix, at R frames per second (0 = flat out). */
    record Burst(int count, double rate, String mix, int minBytes, int maxBytes, long seed) implements Step {
    }

    /**
     * {@code {"stop": {}}} ends the run. With a code, every subscriber is closed with it and later
     * subscribe attempts are closed with it too (the session is gone).
     */
    record Stop(int code, String reason) implements Step {
    }
}
