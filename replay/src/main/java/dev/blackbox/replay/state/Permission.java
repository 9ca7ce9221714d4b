package dev.blackbox.replay.state;

/** The permission lifecycle as the journal shows it: requested, then exactly one outcome. */
public final class Permission {

    private Permission() {
    }

    /** How a permission request ended. {@code TIMEOUT} is its own outcome, never a silent deny. */
    public enum Outcome {
        ALLOW, DENY, CANCELLED, TIMEOUT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome of(String behavior, String via) {
            if ("timeout".equals(via)) {
                return TIMEOUT;
            }
            return "allow".equals(behavior) ? ALLOW : DENY;
        }
    }

    /** A can_use_tool request still waiting for an answer. */
    public record Pending(String requestId, String toolName, String toolUseId, String description,
                          long receivedSeq, long receivedTsMicros) {
    }

    /** How one request ended; {@code latencyMicros} from its arrival (or as the decider recorded it). */
    public record Decision(String requestId, String toolName, Outcome outcome, String decidedBy, String via,
                           long latencyMicros, long seq, long tsMicros) {
    }
}
