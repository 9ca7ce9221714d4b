package dev.blackbox.cli;

import dev.blackbox.recorder.config.BlackboxConfig;
import dev.blackbox.recorder.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

/**
 * What every long-running command needs: a Vert.x instance (clustered when asked) and the
 * configuration, loaded defaults -> file -> environment -> flags and validated.
 */
final class BlackboxRuntime implements AutoCloseable {

    final Vertx vertx;
    final BlackboxConfig config;

    private BlackboxRuntime(Vertx vertx, BlackboxConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    static BlackboxRuntime start(Path configFile, JsonObject flags) {
        Vertx vertx = Vertx.vertx();
        try {
            Path file = configFile;
            if (file == null && System.getenv("BLACKBOX_CONFIG") != null && !System.getenv("BLACKBOX_CONFIG").isBlank()) {
                file = Path.of(System.getenv("BLACKBOX_CONFIG"));
            }
            JsonObject json = ConfigLoader.load(vertx, file, System.getenv(), flags).await();
            return new BlackboxRuntime(vertx, BlackboxConfig.from(json));
        } catch (RuntimeException e) {
            vertx.close();
            throw new UsageError(e.getMessage());
        }
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
