package dev.blackbox.permission;

import java.util.Locale;

/** How a permission request ended. {@code TIMEOUT} is its own outcome, never a silent deny. */
public enum PermissionOutcome {
    ALLOW, DENY, CANCELLED, TIMEOUT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a {@code PERMISSION_DECIDED} record stands for. */
    public static PermissionOutcome of(String behavior, String via) {
        if ("timeout".equals(via)) {
            return TIMEOUT;
        }
        return "allow".equals(behavior) ? ALLOW : DENY;
    }
}
