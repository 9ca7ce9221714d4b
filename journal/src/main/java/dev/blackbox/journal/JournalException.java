package dev.blackbox.journal;

/** A journal could not be opened, written or read. The message is meant for the operator, in one line. */
public class JournalException extends RuntimeException {

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
