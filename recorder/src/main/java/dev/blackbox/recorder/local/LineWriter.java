package dev.blackbox.recorder.local;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes to a stream on a thread of its own, in order, so a worker that stops reading never blocks
 * the event loop: each write is flushed as a whole and completes when it is in the pipe. Closing
 * happens after every write queued before it. After a failed write (the reader went away) every
 * later one fails too.
 */
final class LineWriter {

    private record Job(byte[] bytes, CompletableFuture<Void> done) {
        static final byte[] CLOSE = new byte[0];
    }

    private final OutputStream out;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private volatile IOException broken;
    private volatile boolean closed;
    private volatile boolean closeQueued;

    LineWriter(String name, OutputStream out) {
        this.out = out;
        Thread t = new Thread(this::run, name);
        t.setDaemon(true);
        t.start();
    }

    /** Queues bytes; completes once written and flushed, fails when the stream is closed or broken. */
    CompletableFuture<Void> write(byte[] bytes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IOException(broken != null ? "the pipe is broken: " + broken.getMessage() : "the pipe is closed"));
            return done;
        }
        jobs.add(new Job(bytes, done));
        return done;
    }

    /** Closes the stream after everything queued so far; completes when closed. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closeQueued) {
                done.complete(null);
                return done;
            }
            closeQueued = true;
            closed = true;
        }
        jobs.add(new Job(Job.CLOSE, done));
        return done;
    }

    /** True once closing was asked for or a write failed: nothing more will be written. */
    boolean isClosed() {
        return closed;
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job.bytes() == Job.CLOSE) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // already gone: closed either way
                }
                job.done().complete(null);
                failRest();
                return;
            }
            if (broken != null) {
                job.done().completeExceptionally(broken);
                continue;
            }
            try {
                out.write(job.bytes());
                out.flush();
                job.done().complete(null);
            } catch (IOException e) {
                broken = e;
                closed = true;
                job.done().completeExceptionally(e);
            }
        }
    }

    private void failRest() {
        Job job;
        while ((job = jobs.poll()) != null) {
            job.done().completeExceptionally(new IOException("the pipe is closed"));
        }
    }
}
