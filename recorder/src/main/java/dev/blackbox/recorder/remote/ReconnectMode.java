package dev.blackbox.recorder.remote;

/**
 * How hard to hold on to a session. {@link #UPSTREAM} is Claude Code's own client, exactly;
 * {@link #PERSISTENT} (the default) differs only where upstream gives up on a transient failure:
 * a recorder that gives up loses the rest of the session (DESIGN.md section 1).
 */
public enum ReconnectMode {
    UPSTREAM, PERSISTENT;

    public static ReconnectMode parse(String s) {
        for (ReconnectMode m : values()) {
            if (m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("reconnect mode '" + s + "' is not one of: upstream, persistent");
    }
}
