package dev.blackbox.recorder.session;

/** How a recording ended; {@code blackbox record} turns it into its exit status. */
public enum RecordingOutcome {
    /** Stopped on request (SIGINT/SIGTERM, undeploy). */
    STOPPED(0, "stopped"),
    /** The service closed with 4003: the token is not accepted. */
    UNAUTHORIZED(4, "unauthorized (close 4003): check the token"),
    /** The session went away (4001 after retries) or reconnecting gave up. */
    GAVE_UP(5, "gave up reconnecting"),
    /** An append failed; nothing was sent on the strength of it and recording stopped (strict mode). */
    JOURNAL_FAILURE(6, "journal failure"),
    /** The session itself ended (a local worker exited): the command that started it tells how from the worker's status. */
    ENDED(0, "the session ended");

    public final int exitCode;
    public final String description;

    RecordingOutcome(int exitCode, String description) {
        this.exitCode = exitCode;
        this.description = description;
    }
}
