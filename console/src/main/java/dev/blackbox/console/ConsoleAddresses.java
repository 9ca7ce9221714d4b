package dev.blackbox.console;

/**
 * The console's own event-bus addresses (the shared ones live in
 * {@link dev.blackbox.bus.Addresses}). Only the bridge's page uses them.
 */
public final class ConsoleAddresses {

    private ConsoleAddresses() {
    }

    /**
     * request/reply: a session's transcript so far, rendered as {@code replay} renders it.
     * Body {sessionId, fromSeq?}; reply {sessionId, items, lastSeq, firstTs, omitted, viewerOnly, stopped}.
     */
    public static final String HISTORY = "blackbox.console.history";

    /** request/reply: who the page is logged in as; the bridge stamps the answer, the page cannot choose it. */
    public static final String WHOAMI = "blackbox.console.whoami";
}
