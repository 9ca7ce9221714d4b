package dev.blackbox.cli;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.app.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config FILE} (else {@code $BLACKBOX_CONFIG}): every command reads the same configuration the same way. */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A configuration file (YAML or JSON; default $BLACKBOX_CONFIG), see config/blackbox.yaml.")
    Path file;

    /** Defaults, then the file, then BLACKBOX_* variables, then {@code flags}; a bad key or value is a usage error. */
    BlackboxConfig load(JsonObject flags) {
        try {
            return ConfigLoader.loadNow(file, flags);
        } catch (RuntimeException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** The file in effect, for the long-running commands that load with their own Vert.x. */
    Path fileOrEnv() {
        return file != null ? file : ConfigLoader.configFileFromEnv();
    }
}
