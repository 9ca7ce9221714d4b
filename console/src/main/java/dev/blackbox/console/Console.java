package dev.blackbox.console;

import dev.blackbox.replay.state.ProjectionVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Starts a console in a running Vert.x: a {@link ProjectionVerticle} over the journal root (the
 * sessions list and state the page shows) and the {@link ConsoleVerticle}. Used by
 * {@code blackbox console} and by {@code blackbox record --console}.
 */
public final class Console {

    private Console() {
    }

    public static Future<ConsoleVerticle> start(Vertx vertx, ConsoleSettings settings) {
        ConsoleVerticle console = new ConsoleVerticle(settings);
        return vertx.deployVerticle(new ProjectionVerticle(ProjectionVerticle.Options.of(settings.journalRoot())))
                .compose(id -> vertx.deployVerticle(console))
                .map(id -> console);
    }
}
