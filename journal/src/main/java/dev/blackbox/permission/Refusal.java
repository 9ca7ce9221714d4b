package dev.blackbox.permission;

/**
 * Why a decision is refused: the bus reply code (404 unknown, 409 already ended or not allowed, 400 a
 * body that is not a decision) and the {@code why} journaled in {@code DECISION_REFUSED}.
 */
public enum Refusal {
    UNKNOWN(404, "unknown"),
    ALREADY_DECIDED(409, "already decided"),
    CANCELLED(409, "cancelled"),
    INVALID(400, "invalid"),
    VIEWER_ONLY(409, "viewer-only");

    public final int code;
    public final String why;

    Refusal(int code, String why) {
        this.code = code;
        this.why = why;
    }
}
