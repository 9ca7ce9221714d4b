package dev.blackbox.cli;

import dev.blackbox.journal.JournalFiles;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --journal DIR}, shared by every command that reads or writes journals. */
public final class JournalOption {

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Journal root directory (default: $BLACKBOX_JOURNAL_DIR, else $XDG_DATA_HOME/blackbox/journal or ~/.local/share/blackbox/journal).")
    Path dir;

    public Path root() {
        if (dir != null) {
            return dir;
        }
        String env = System.getenv("BLACKBOX_JOURNAL_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : JournalFiles.defaultRoot();
    }

    /** The root, which must exist (for readers). */
    public Path existingRoot() {
        Path root = root();
        if (!Files.isDirectory(root)) {
            throw new UsageError("journal directory " + root + " does not exist; pass --journal DIR or record a session first");
        }
        return root;
    }
}
