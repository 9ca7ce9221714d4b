package dev.blackbox.cli;

/** An error the operator can fix; its message is printed as one line. */
public final class UsageError extends RuntimeException {

    private final int exitCode;

    public UsageError(String message) {
        this(message, OneLineErrors.USAGE);
    }

    public UsageError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
