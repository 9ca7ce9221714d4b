package dev.blackbox.console;

import dev.blackbox.console.login.ConsoleToken;
import dev.blackbox.journal.JournalOptions;

import java.nio.file.Path;

/**
 * How a console runs.
 *
 * @param host           interface to listen on (127.0.0.1 unless configured otherwise)
 * @param port           port, 0 for any free one
 * @param token          the login token (never printed by {@link #toString()})
 * @param user           the name decisions, messages and interrupts made in this console are journaled under
 * @param journalRoot    where the transcripts are read from
 * @param pollMillis     how often a watched session's journal is polled for new entries
 * @param historyItems   the most transcript items one history answer carries (older ones are left out)
 * @param maxMessageBytes the largest message the page may send over the bridge; a larger one is refused
 *                        with a reply (413) and the socket stays open
 * @param logOptions     how the access log of the journal root is written (the journals' own options: reserve,
 *                        signing key, witness), where the console records who viewed which session
 */
public record ConsoleSettings(String host, int port, ConsoleToken token, String user, Path journalRoot,
                              long pollMillis, int historyItems, int maxMessageBytes, JournalOptions logOptions) {

    public static final long DEFAULT_POLL_MILLIS = 50;
    public static final int DEFAULT_HISTORY_ITEMS = 5_000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;

    public ConsoleSettings(String host, int port, ConsoleToken token, String user, Path journalRoot, long pollMillis,
                           int historyItems) {
        this(host, port, token, user, journalRoot, pollMillis, historyItems, DEFAULT_MAX_MESSAGE_BYTES);
    }

    public ConsoleSettings(String host, int port, ConsoleToken token, String user, Path journalRoot, long pollMillis,
                           int historyItems, int maxMessageBytes) {
        this(host, port, token, user, journalRoot, pollMillis, historyItems, maxMessageBytes, JournalOptions.defaults());
    }

    public ConsoleSettings withMaxMessageBytes(int bytes) {
        return new ConsoleSettings(host, port, token, user, journalRoot, pollMillis, historyItems, bytes, logOptions);
    }

    public ConsoleSettings withLogOptions(JournalOptions options) {
        return new ConsoleSettings(host, port, token, user, journalRoot, pollMillis, historyItems, maxMessageBytes, options);
    }

    public ConsoleSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("config key 'console.host' is empty: expected an interface such as 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("config key 'console.port' is " + port + ": expected 0-65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("config key 'console.user' is empty: decisions need a name to be journaled under");
        }
        if (token == null) {
            throw new IllegalArgumentException("a console token is required");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("config key 'console.maxMessageBytes' is " + maxMessageBytes + ": expected at least 1024");
        }
        if (pollMillis < 1 || historyItems < 1) {
            throw new IllegalArgumentException("poll interval and history size must be positive");
        }
    }

    @Override
    public String toString() {
        return "ConsoleSettings[host=" + host + ", port=" + port + ", token=<redacted>, user=" + user
                + ", journalRoot=" + journalRoot + "]";
    }
}
