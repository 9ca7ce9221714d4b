package dev.blackbox.app;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.app.ops.MetricsVertx;
import dev.blackbox.app.ops.OpsServer;
import dev.blackbox.app.ops.Readiness;
import dev.blackbox.app.fleet.FleetDirectory;
import dev.blackbox.app.fleet.FleetNode;
import dev.blackbox.app.fleet.FleetQueryVerticle;
import dev.blackbox.app.notify.NotifyVerticle;
import dev.blackbox.console.ConsoleSettings;
import dev.blackbox.console.ConsoleVerticle;
import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.recorder.permissions.PendingQueryVerticle;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.permissions.PolicyVerticle;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.replay.remote.JournalPageServer;
import dev.blackbox.replay.state.ProjectionVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The one assembly: deploys Blackbox's verticles in one order for every entry point ({@code record},
 * {@code run}, {@code console}, {@code demo}, the benchmarks and the tests). The order is the point:
 * the operations endpoints first when metrics are on (so that /readiness says 503 until the rest is
 * up), then the fleet queries (the pending list, locate and the sessions list, gathered from every node
 * of the cluster), then this node's own pending query where sessions are recorded (the fleet queries
 * ask it), then the projection, then the policy, so that
 * a request arriving with the first frame of a session is already answerable by rule; then the
 * recorders, whose journals open in parallel, each ready only once its bus consumers are registered;
 * the console last, when there is something to show.
 */
public final class Blackbox {

    /** What to run. Empty parts are skipped; {@code projectionRoot} is needed by a console. */
    public record Plan(List<SessionSettings> sessions, Policy policy, Path projectionRoot, ConsoleSettings console,
                       BlackboxConfig.Metrics metrics, BlackboxConfig.Notify notifications) {

        public static Plan record(List<SessionSettings> sessions) {
            return new Plan(sessions, null, null, null, null, null);
        }

        public Plan withPolicy(Policy p) {
            return new Plan(sessions, p, projectionRoot, console, metrics, notifications);
        }

        /** Serve the console (and the projection it reads) over the journal root. */
        public Plan withConsole(ConsoleSettings c) {
            return new Plan(sessions, policy, c.journalRoot(), c, metrics, notifications);
        }

        /**
         * Serve /metrics, /health and /readiness when {@code m.enabled()} (the Vert.x must have been
         * built with {@link MetricsVertx}); first, so that readiness says 503 until everything is up.
         */
        public Plan withMetrics(BlackboxConfig.Metrics m) {
            return new Plan(sessions, policy, projectionRoot, console, m != null && m.enabled() ? m : null, notifications);
        }

        /** Tell the webhooks about this process's permission requests (nothing when there are none). */
        public Plan withNotify(BlackboxConfig.Notify n) {
            return new Plan(sessions, policy, projectionRoot, console, metrics,
                    n == null || n.webhooks().isEmpty() ? null : n);
        }

        /** Where this process's journals are: those it records, and the one a console reads. */
        List<Path> journalRoots() {
            Set<Path> roots = new LinkedHashSet<>();
            sessions.forEach(s -> roots.add(s.journalRoot()));
            if (projectionRoot != null) {
                roots.add(projectionRoot);
            }
            return List.copyOf(roots);
        }

        Set<String> sessionIds() {
            return sessions.stream().map(SessionSettings::sessionId).collect(Collectors.toUnmodifiableSet());
        }
    }

    private final Vertx vertx;
    private final FleetDirectory fleet;
    private final List<SessionRecorderVerticle> recorders = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private final List<Future<Void>> fleetUpdates = new CopyOnWriteArrayList<>(); // added on recorders' event loops too
    private ConsoleVerticle console;
    private OpsServer ops;
    private NotifyVerticle notifier;

    private Blackbox(Vertx vertx) {
        this.vertx = vertx;
        this.fleet = new FleetDirectory(vertx, FleetNode.of(vertx));
    }

    // tag::assembly[]
    public static Future<Blackbox> start(Vertx vertx, Plan plan) {
        Blackbox bb = new Blackbox(vertx);
        List<Path> roots = plan.journalRoots();
        return (plan.metrics() == null ? done() : bb.deploy(bb.ops = bb.opsServer(plan)).recover(e -> Future.failedFuture(
                new IllegalStateException("cannot serve metrics on " + plan.metrics().host() + ":" + plan.metrics().port()
                        + ": " + e.getMessage(), e))))
                .compose(v -> bb.deploy(new FleetQueryVerticle(bb.fleet)))
                .compose(v -> roots.isEmpty() ? done() : bb.deploy(new JournalPageServer(roots, bb.fleet.node().id()))
                        .compose(served -> bb.listJournalsHeld(roots)))
                .compose(v -> plan.sessions().isEmpty() ? done() : bb.deploy(new PendingQueryVerticle(bb.fleet.node().id())))
                .compose(v -> plan.projectionRoot() == null ? done()
                        : bb.deploy(new ProjectionVerticle(ProjectionVerticle.Options.of(plan.projectionRoot()).withFleet())))
                .compose(v -> plan.notifications() == null || plan.sessions().isEmpty() ? done()
                        : bb.deploy(bb.notifier = new NotifyVerticle(plan.notifications(), plan.sessionIds())))
                .compose(v -> plan.policy() == null ? done() : bb.deploy(new PolicyVerticle(plan.policy(), plan.sessionIds())))
                .compose(v -> Future.all(plan.sessions().stream().map(bb::record).toList()))
                .compose(v -> plan.console() == null ? done() : bb.deploy(bb.console = new ConsoleVerticle(plan.console())))
                .map(bb)
                .recover(e -> bb.stop().transform(ignored -> Future.failedFuture(e)));
    }
    // end::assembly[]

    /** The operations endpoints, with a readiness check for every part the plan starts. */
    private OpsServer opsServer(Plan plan) {
        Readiness readiness = Readiness.of(vertx);
        Set<Path> roots = new LinkedHashSet<>();
        for (SessionSettings s : plan.sessions()) {
            readiness.session(s.sessionId());
            roots.add(s.journalRoot());
        }
        if (plan.console() != null) {
            readiness.check("console", () -> console != null, "the console is not serving yet")
                    .journalRoot(plan.console().journalRoot());
            roots.add(plan.console().journalRoot());
        }
        return new OpsServer(plan.metrics(), readiness.checks(), roots);
    }

    /** The fleet directory learns which journals this node can serve (they may have been recorded by an earlier run). */
    private Future<Void> listJournalsHeld(List<Path> roots) {
        return vertx.executeBlocking(() -> roots.stream()
                        .filter(Files::isDirectory)
                        .flatMap(root -> JournalCatalog.sessionIds(root).stream())
                        .distinct().toList())
                .compose(fleet::holds);
    }

    private Future<Void> record(SessionSettings settings) {
        SessionRecorderVerticle recorder = new SessionRecorderVerticle(settings);
        return deploy(recorder)
                .onSuccess(v -> {
                    recorders.add(recorder);
                    fleetUpdates.add(fleet.recording(settings.sessionId()));
                    recorder.ended().onComplete(ended -> fleetUpdates.add(fleet.ended(settings.sessionId())));
                })
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot record session " + settings.sessionId() + ": " + e.getMessage(), e)));
    }

    private Future<Void> deploy(Deployable verticle) {
        return vertx.deployVerticle(verticle).map(id -> {
            deployments.add(id);
            return null;
        });
    }

    private static Future<Void> done() {
        return Future.succeededFuture();
    }

    public List<SessionRecorderVerticle> recorders() {
        return List.copyOf(recorders);
    }

    /** Completes when every recording has ended by itself (or at once when there are none). */
    public Future<List<RecordingOutcome>> allEnded() {
        return Future.all(recorders.stream().map(SessionRecorderVerticle::ended).toList())
                .map(all -> recorders.stream().map(r -> r.ended().result()).toList());
    }

    /** The operations endpoints (/metrics, /health, /readiness), when the plan had metrics on. */
    public OpsServer ops() {
        return ops;
    }

    /** Who holds which session in the fleet (this node's view of the cluster-wide directory). */
    public FleetDirectory fleet() {
        return fleet;
    }

    /** The webhook notifier, when the plan had webhooks. */
    public NotifyVerticle notifier() {
        return notifier;
    }

    /** The console, when the plan had one. */
    public ConsoleVerticle console() {
        return console;
    }

    /**
     * Undeploys in reverse order: the console first, the recorders (each journals RECORDING_STOPPED), then
     * the rest; completes once the fleet directory says this node's recordings have ended.
     */
    public Future<Void> stop() {
        Future<Void> chain = Future.succeededFuture();
        for (int i = deployments.size() - 1; i >= 0; i--) {
            String id = deployments.get(i);
            chain = chain.compose(v -> vertx.deploymentIDs().contains(id) ? vertx.undeploy(id) : done());
        }
        deployments.clear();
        return chain.compose(v -> Future.join(List.copyOf(fleetUpdates)).<Void>mapEmpty().otherwiseEmpty());
    }
}
