package dev.blackbox.recorder.local;

import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.session.SessionTransport;
import dev.blackbox.recorder.session.TransportSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code blackbox-claude}: the real Claude Code CLI between an application (an Agent SDK app that
 * thinks it started {@code claude}) and Blackbox. What the application writes goes to the CLI, and
 * what the CLI writes goes back to it, byte for byte, each line journaled first. The application
 * stays the host: its own permission answers are journaled as its decisions; a request the policy
 * (when there is one) decides is answered by Blackbox and never shown to the application.
 */
public final class PassThrough implements TransportSpec {

    private final WorkerCommand command;
    private final Policy policy;
    private final InputStream appIn;
    private final OutputStream appOut;
    private final OutputStream appErr;
    private final WorkerReport report = new WorkerReport();
    private final Promise<Void> drained = Promise.promise();
    private volatile PassThroughTransport transport;
    private volatile Context context;

    /**
     * @param policy rules whose decisions the application never sees, or null
     * @param appIn  what the application writes (this process's stdin); {@code appOut}, {@code appErr}: what it reads
     */
    public PassThrough(WorkerCommand command, Policy policy, InputStream appIn, OutputStream appOut, OutputStream appErr) {
        this.command = command;
        this.policy = policy;
        this.appIn = appIn;
        this.appOut = appOut;
        this.appErr = appErr;
    }

    @Override
    public SessionTransport create(Vertx vertx, String sessionId) {
        context = vertx.getOrCreateContext();
        transport = new PassThroughTransport(vertx, this);
        return transport;
    }

    public WorkerReport report() {
        return report;
    }

    /** Completes once everything the CLI wrote has been passed on to the application and its streams are closed. */
    public Future<Void> drained() {
        return drained.future();
    }

    /** Stops the CLI (SIGTERM, then SIGKILL): the application went away. From any thread. */
    public void stop() {
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> transport.stopWorker());
        }
    }

    WorkerCommand command() {
        return command;
    }

    Policy policy() {
        return policy;
    }

    InputStream appIn() {
        return appIn;
    }

    OutputStream appOut() {
        return appOut;
    }

    OutputStream appErr() {
        return appErr;
    }

    void drained(Future<Void> done) {
        done.onComplete(drained);
    }
}
