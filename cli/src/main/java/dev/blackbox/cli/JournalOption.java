package dev.blackbox.cli;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.journal.JournalOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --journal DIR} and {@code --config FILE}, shared by every command that reads journals. The
 * journal root resolves the same way for every command, writers and readers alike: the flag, else
 * {@code $BLACKBOX_JOURNAL_DIR}, else {@code journal.dir} of the config file, else the default.
 */
public final class JournalOption {

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Journal root directory (default: $BLACKBOX_JOURNAL_DIR, else journal.dir of the config, "
                    + "else $XDG_DATA_HOME/blackbox/journal or ~/.local/share/blackbox/journal).")
    Path dir;

    @Mixin
    ConfigOption config;

    public Path root() {
        return loaded().journal().dir();
    }

    /** The whole configuration, with the journal directory resolved as {@link #root()} resolves it. */
    BlackboxConfig loaded() {
        JsonObject flags = dir == null ? new JsonObject()
                : new JsonObject().put("journal", new JsonObject().put("dir", dir.toString()));
        return config.load(flags);
    }

    /** How journals are written here (reserve, signing key, witness): the audit logs are written the same way. */
    JournalOptions writeOptions() {
        return loaded().journal().options();
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
