package dev.blackbox.journal;

/** The journal's file system has less free space than the configured reserve: nothing more is written. */
public final class JournalFullException extends JournalException {

    public JournalFullException(String message) {
        super(message);
    }
}
