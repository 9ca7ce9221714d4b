package dev.blackbox.app.retention;

import dev.blackbox.audit.Age;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.audit.Pruner;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code retention.interval}: a long-running console prunes by {@code retention.olderThan} by itself, at start
 * and then every interval, on a worker (one run at a time), exactly as {@code blackbox prune} would: tombstones
 * in the retention log, live journals never, unsealed, torn or tampered ones never (it does not force). Each
 * journal pruned or kept back is told in one line.
 */
public final class RetentionVerticle extends VerticleBase {

    private final Path root;
    private final Duration olderThan;
    private final Duration interval;
    private final String by;
    private final JournalOptions logOptions;
    private final Consumer<String> say;
    private long timer = -1;
    private boolean running;

    /**
     * @param by   who prunes, as the tombstones say (the login name the console runs under)
     * @param say  where each line goes (the console's stderr)
     */
    public RetentionVerticle(Path root, Duration olderThan, Duration interval, String by, JournalOptions logOptions,
                             Consumer<String> say) {
        this.root = root;
        this.olderThan = olderThan;
        this.interval = interval;
        this.by = by;
        this.logOptions = logOptions;
        this.say = say;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(1, interval.toMillis(), t -> prune());
        return Future.succeededFuture();
    }

    private void prune() {
        if (running) {
            return;
        }
        running = true;
        String reason = "older than " + Age.describe(olderThan) + " (retention.olderThan, pruned by the console every "
                + Age.describe(interval) + ")";
        vertx.executeBlocking(() -> Pruner.prune(root, new Pruner.Rule(olderThan, Set.of(), reason),
                        new Pruner.Settings(false, false, by, AuditLogs.hostName(), System.currentTimeMillis() * 1000,
                                JournalVerifier.Options.none(), logOptions)), false)
                .onComplete(ar -> {
                    running = false;
                    if (ar.failed()) {
                        say.accept("retention: cannot prune " + root + ": " + ar.cause().getMessage());
                        return;
                    }
                    tell(ar.result());
                });
    }

    private void tell(List<Pruner.Outcome> outcomes) {
        for (Pruner.Outcome o : outcomes) {
            switch (o.action()) {
                case PRUNED -> say.accept("retention: pruned " + o.sessionId() + ": " + o.why());
                case REFUSED, FAILED -> say.accept("retention: kept " + o.sessionId() + ": " + o.why());
                default -> {
                    // not old enough: nothing to say
                }
            }
        }
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
