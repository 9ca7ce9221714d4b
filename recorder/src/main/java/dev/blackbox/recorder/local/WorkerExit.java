package dev.blackbox.recorder.local;

import dev.blackbox.journal.JournalRecord;

/**
 * How a worker process ended, from the status the system reports: above 128 it is read as a shell
 * reads it, 128 + the number of the signal that ended the process.
 */
public record WorkerExit(int status, Integer exitCode, String signal) {

    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
            "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    public static WorkerExit of(int status) {
        if (status > 128 && status < 128 + 65) {
            int n = status - 128;
            return new WorkerExit(status, null, n < SIGNALS.length ? SIGNALS[n] : "signal " + n);
        }
        return new WorkerExit(status, status, null);
    }

    public boolean succeeded() {
        return exitCode != null && exitCode == 0;
    }

    /** "exited with status 1", "was ended by SIGKILL". */
    public String describe() {
        return signal != null ? "was ended by " + signal : "exited with status " + exitCode;
    }

    JournalRecord.WorkerExited record(boolean stdinClosed) {
        return new JournalRecord.WorkerExited(exitCode, signal, stdinClosed);
    }
}
