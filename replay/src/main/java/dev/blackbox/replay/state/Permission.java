package dev.blackbox.replay.state;

import dev.blackbox.permission.PermissionOutcome;

/** What the state keeps of permission requests (the lifecycle itself is {@link dev.blackbox.permission.PermissionLifecycle}). */
public final class Permission {

    private Permission() {
    }

    /** A can_use_tool request still waiting for an answer. */
    public record Pending(String requestId, String toolName, String toolUseId, String description,
                          long receivedSeq, long receivedTsMicros) {
    }

    /** How one request ended; {@code latencyMicros} from its arrival (or as the decider recorded it). */
    public record Decision(String requestId, String toolName, PermissionOutcome outcome, String decidedBy, String via,
                           long latencyMicros, long seq, long tsMicros) {
    }
}
