package dev.blackbox.recorder.local;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A local worker process and its three pipes. Its stdout and stderr are read as raw lines on threads
 * of their own and handed to {@link Events} on one Vert.x context, in the order they were read; its
 * stdin is written by a {@link LineWriter}. The exit is handed over last, once both outputs have
 * ended (or a moment after the exit, when a child of the worker still holds them open).
 */
final class WorkerProcess {

    /** What the worker does, on the context given to {@link #attach}. */
    interface Events {
        void stdout(byte[] line, boolean terminated);

        void stderr(byte[] line, boolean terminated);

        void exited(WorkerExit exit);
    }

    private static final long OUTPUTS_GRACE_MS = 2_000;

    private final Process process;
    private final LineWriter stdin;
    private volatile boolean exited;
    private volatile boolean stdinClosedByUs;
    private Context context;

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = new LineWriter("worker-stdin-" + process.pid(), process.getOutputStream());
    }

    /** Starts it; fails with the system's reason when it cannot be started (missing, not executable). */
    static WorkerProcess start(WorkerCommand command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command.command()).directory(command.cwd().toFile());
        if (command.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(command.env());
        }
        return new WorkerProcess(pb.start());
    }

    /** Starts reading its outputs; every event from here on runs on {@code context}. */
    void attach(Context context, Events events) {
        this.context = context;
        CompletableFuture<Void> stdoutEnded = new CompletableFuture<>();
        CompletableFuture<Void> stderrEnded = new CompletableFuture<>();
        read("worker-stdout-" + pid(), process.getInputStream(), context, events::stdout, stdoutEnded);
        read("worker-stderr-" + pid(), process.getErrorStream(), context, events::stderr, stderrEnded);
        process.onExit().thenCompose(p -> CompletableFuture.allOf(stdoutEnded, stderrEnded)
                        .completeOnTimeout(null, OUTPUTS_GRACE_MS, TimeUnit.MILLISECONDS))
                .thenRun(() -> {
                    exited = true;
                    stdin.close(); // its reader is gone: nothing more can be written
                    WorkerExit exit = WorkerExit.of(process.exitValue());
                    context.runOnContext(v -> events.exited(exit));
                });
    }

    private interface LineEvent {
        void line(byte[] line, boolean terminated);
    }

    private static void read(String name, InputStream in, Context context, LineEvent event, CompletableFuture<Void> ended) {
        LineReader.start(name, in, new LineReader.Sink() {
            @Override
            public void line(byte[] line, boolean terminated) {
                context.runOnContext(v -> event.line(line, terminated));
            }

            @Override
            public void end() {
                ended.complete(null);
            }
        });
    }

    /** Writes bytes to its stdin (a whole line, newline included); completes once they are in the pipe. */
    Future<Void> write(byte[] bytes) {
        return Future.fromCompletionStage(stdin.write(bytes), context);
    }

    /** Closes its stdin after everything written so far: the worker ends once its turn is done. */
    void closeStdin() {
        stdinClosedByUs = true;
        stdin.close();
    }

    /** True once we closed its stdin (the end was asked for). */
    boolean stdinClosedByUs() {
        return stdinClosedByUs;
    }

    /** True when nothing more can be written: closed by us, or the worker stopped reading. */
    boolean stdinClosed() {
        return stdin.isClosed();
    }

    boolean exited() {
        return exited;
    }

    long pid() {
        return process.pid();
    }

    /** Ends it now: SIGTERM, then SIGKILL if it is still there after {@code grace}. Does not block. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        process.onExit().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).thenRun(() -> {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        });
    }
}
