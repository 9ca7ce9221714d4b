package dev.blackbox.journal;

/** Another writer holds the journal ({@code writer.lock}): a recorder, or another process appending to an audit log. */
public final class JournalBusyException extends JournalException {

    private final long pid;

    JournalBusyException(String message, long pid) {
        super(message);
        this.pid = pid;
    }

    /** The holder's pid, -1 when it could not be read. */
    public long pid() {
        return pid;
    }
}
