package dev.blackbox.recorder.local;

import dev.blackbox.journal.JournalRecord;
import dev.blackbox.recorder.session.ReconnectRules;
import dev.blackbox.recorder.session.SessionTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What both local transports share: one worker process spoken to over its pipes, one JSON frame per
 * line. Opening starts the process; every stdout line goes to the recorder as a frame exactly as read
 * (journaled before anything else happens to it); every line written to its stdin is one the recorder
 * journaled first; its stderr lines and its exit are journaled ({@code WORKER_STDERR},
 * {@code WORKER_EXITED}), and the exit ends the recording (a worker is never reconnected).
 */
abstract class WorkerTransport implements SessionTransport {

    /** What a shell says for a command it could not start: the "close code" of a worker that never ran. */
    static final int NOT_STARTED = 127;
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    protected final Vertx vertx;
    protected final Context context;
    protected final WorkerRules rules = new WorkerRules();
    protected final WorkerReport report;
    private final WorkerCommand command;
    protected WorkerProcess process;
    protected Listener listener;
    private boolean closedByUs;

    WorkerTransport(Vertx vertx, WorkerCommand command, WorkerReport report) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.command = command;
        this.report = report;
    }

    @Override
    public String kind() {
        return "stdio";
    }

    @Override
    public ReconnectRules reconnectRules() {
        return rules;
    }

    @Override
    public final Future<Void> open(Listener listener) {
        this.listener = listener;
        try {
            process = WorkerProcess.start(command);
        } catch (IOException e) {
            String why = "the worker could not be started: " + e.getMessage();
            report.startFailed(why);
            rules.ending(why);
            return Future.failedFuture(new OpenFailed(NOT_STARTED, why));
        }
        process.attach(context, new WorkerProcess.Events() {
            @Override
            public void stdout(byte[] line, boolean terminated) {
                listener.onFrame(Buffer.buffer(line), false);
                if (!closedByUs) { // after a journal failure nothing more is acted on
                    afterFrame(line, terminated);
                }
            }

            @Override
            public void stderr(byte[] line, boolean terminated) {
                String text = new String(line, StandardCharsets.UTF_8);
                report.stderr(text);
                listener.onRecord(new JournalRecord.WorkerStderr(text));
                afterStderr(line, terminated);
            }

            @Override
            public void exited(WorkerExit exit) {
                report.exited(exit);
                beforeExit(exit);
                listener.onRecord(exit.record(process.stdinClosedByUs()));
                rules.ending("the worker " + exit.describe());
                listener.onClosed(exit.status(), "the worker " + exit.describe());
            }
        });
        started();
        return Future.succeededFuture();
    }

    /** The process runs and its outputs are read: what this transport does first. */
    protected abstract void started();

    /** A stdout line, journaled as a frame just now. */
    protected abstract void afterFrame(byte[] line, boolean terminated);

    /** A stderr line, journaled just now. */
    protected void afterStderr(byte[] line, boolean terminated) {
    }

    /** The process ended; its WORKER_EXITED and the end of the recording follow. */
    protected void beforeExit(WorkerExit exit) {
    }

    /** Closes the worker's stdin after what was written: it ends once its turn is done. */
    void closeStdin() {
        if (process != null) {
            process.closeStdin();
        }
    }

    /** Ends the worker now (SIGTERM, then SIGKILL): unlike {@link #close}, its exit is still journaled and ends the recording. */
    void stopWorker() {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    @Override
    public Future<Void> send(String frame) {
        if (!isOpen()) {
            return Future.failedFuture("the worker's stdin is closed");
        }
        return process.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The user message as the Agent SDK writes it, with our uuid. */
    @Override
    public String userEvent(String uuid, Object content) {
        return new JsonObject()
                .put("type", "user")
                .put("message", new JsonObject().put("role", "user").put("content", content))
                .putNull("parent_tool_use_id")
                .put("session_id", "")
                .put("uuid", uuid)
                .encode();
    }

    @Override
    public Future<Integer> deliverUserMessage(String userEvent) {
        return send(userEvent).<Integer>map(v -> null)
                .recover(e -> Future.failedFuture(new Undelivered(null, e.getMessage())));
    }

    /** The end of the recording on our side: the worker is stopped (SIGTERM, then SIGKILL); nothing more is acted on. */
    @Override
    public void close() {
        closedByUs = true;
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    protected boolean closedByUs() {
        return closedByUs;
    }

    @Override
    public boolean isOpen() {
        return process != null && !process.exited() && !process.stdinClosed();
    }
}
