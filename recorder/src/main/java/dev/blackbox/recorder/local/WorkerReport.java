package dev.blackbox.recorder.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What became of a local worker, for the command that started it to report and to pick its exit
 * status: whether it started, answered {@code initialize} (with which version), how it ended, and the
 * last lines of its stderr. Written on the recorder's event loop, read from any thread.
 */
public final class WorkerReport {

    static final int STDERR_TAIL = 20;

    private final Deque<String> stderrTail = new ArrayDeque<>();
    private volatile String startFailure;
    private volatile boolean initialized;
    private volatile String initFailure;
    private volatile String version;
    private volatile WorkerExit exit;
    private volatile boolean lastResultError;

    /** Why it could not be started, or null. */
    public String startFailure() {
        return startFailure;
    }

    public boolean initialized() {
        return initialized;
    }

    /** Why initialize did not succeed (no answer in time, an error answer), or null. */
    public String initFailure() {
        return initFailure;
    }

    /** {@code claude_code_version} from the initialize answer, or null. */
    public String version() {
        return version;
    }

    /** How the process ended, or null while it runs. */
    public WorkerExit exit() {
        return exit;
    }

    public boolean lastResultError() {
        return lastResultError;
    }

    /** The last lines the worker wrote to stderr, oldest first. */
    public synchronized List<String> stderrTail() {
        return List.copyOf(stderrTail);
    }

    void startFailed(String why) {
        startFailure = why;
    }

    void initialized(String claudeCodeVersion) {
        version = claudeCodeVersion;
        initialized = true;
    }

    void initFailed(String why) {
        initFailure = why;
    }

    void exited(WorkerExit e) {
        exit = e;
    }

    void result(boolean isError) {
        lastResultError = isError;
    }

    synchronized void stderr(String line) {
        if (stderrTail.size() == STDERR_TAIL) {
            stderrTail.removeFirst();
        }
        stderrTail.addLast(line);
    }
}
