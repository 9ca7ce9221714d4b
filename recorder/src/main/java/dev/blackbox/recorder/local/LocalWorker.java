package dev.blackbox.recorder.local;

import dev.blackbox.recorder.session.SessionTransport;
import dev.blackbox.recorder.session.TransportSpec;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A local Claude Code worker that Blackbox starts and hosts ({@code blackbox run}): the command, the
 * version it reported to {@code --version} (or null), the prompts to send one after another, whether
 * the session stays open after the last, how long {@code initialize} may take. One spec per recording;
 * {@link #report()} tells afterwards what became of the worker.
 */
public final class LocalWorker implements TransportSpec {

    private final WorkerCommand command;
    private final String version;
    private final List<String> prompts;
    private final boolean keepOpen;
    private final Duration initTimeout;
    private final Consumer<String> resultText;
    private final WorkerReport report = new WorkerReport();
    private volatile StdioTransport transport;
    private volatile Context context;

    /** @param resultText gets the final text of every turn (the {@code result} frame's {@code result}), on the event loop */
    public LocalWorker(WorkerCommand command, String version, List<String> prompts, boolean keepOpen, Duration initTimeout,
                       Consumer<String> resultText) {
        this.command = command;
        this.version = version;
        this.prompts = List.copyOf(prompts);
        this.keepOpen = keepOpen;
        this.initTimeout = initTimeout;
        this.resultText = resultText;
    }

    @Override
    public SessionTransport create(Vertx vertx, String sessionId) {
        context = vertx.getOrCreateContext();
        transport = new StdioTransport(vertx, sessionId, this);
        return transport;
    }

    public WorkerReport report() {
        return report;
    }

    /** Asks the worker to end: its stdin is closed, and it exits once its turn is done. From any thread. */
    public void finish() {
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> transport.closeStdin());
        }
    }

    /** Stops the worker now (SIGTERM, then SIGKILL); its exit is journaled and ends the recording. From any thread. */
    public void stop() {
        Context c = context;
        if (c != null) {
            c.runOnContext(v -> transport.stopWorker());
        }
    }

    WorkerCommand command() {
        return command;
    }

    String version() {
        return version;
    }

    List<String> prompts() {
        return prompts;
    }

    boolean keepOpen() {
        return keepOpen;
    }

    Duration initTimeout() {
        return initTimeout;
    }

    void resultSeen(byte[] line) {
        if (resultText == null) {
            return;
        }
        try {
            Object text = new JsonObject(Buffer.buffer(line)).getValue("result");
            if (text instanceof String s) {
                resultText.accept(s);
            }
        } catch (DecodeException e) {
            // sniffed as a result, yet not readable: recorded as it is, nothing to show
        }
    }
}
