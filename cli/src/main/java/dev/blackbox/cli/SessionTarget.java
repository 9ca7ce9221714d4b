package dev.blackbox.cli;

import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.SessionIds;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code SESSION | --all}: one recorded session (which must exist) or every session under the root. */
final class SessionTarget {

    @Parameters(paramLabel = "SESSION", description = "The session id.")
    String session;

    @Option(names = "--all", description = "Every session under the journal root (also those whose data is gone).")
    boolean all;

    /**
     * The session ids meant: every directory a journal left files in (a journal whose cycle files are
     * gone included, so that it is reported, not skipped); a session that never was is a usage error.
     */
    List<String> ids(Path root) {
        if (all) {
            return JournalCatalog.sessionDirs(root);
        }
        SessionIds.requireValid(session);
        if (!JournalFiles.isJournalDirectory(JournalFiles.sessionDir(root, session))) {
            throw Tombstones.noJournal(root, session);
        }
        return List.of(session);
    }
}
