package dev.blackbox.simulator.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A worker process driven over its real stdin/stdout pipes, one JSON frame per line, as a host
 * drives it. Every line in either direction is kept in order ({@link #transcript()}), exactly as
 * it crossed the pipe; stderr is kept apart.
 */
public final class WorkerPipes implements AutoCloseable {

    public record Line(long atMillis, String dir, String text) {
    }

    private final Process process;
    private final OutputStream stdin;
    private final long startedAt = System.nanoTime();
    private final List<Line> transcript = new ArrayList<>();
    private final List<JsonNode> out = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private int cursor;
    private boolean stdinClosed;

    private WorkerPipes(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        reader("worker-stdout", process.getInputStream(), this::stdoutLine);
        reader("worker-stderr", process.getErrorStream(), line -> {
            synchronized (this) {
                if (line != null) {
                    stderr.append(line).append('\n');
                } else {
                    stderrEof = true;
                    notifyAll();
                }
            }
        });
    }

    /** Starts {@code command} in {@code cwd} with exactly {@code env} (nothing inherited). */
    public static WorkerPipes start(List<String> command, Map<String, String> env, Path cwd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return new WorkerPipes(pb.start());
    }

    public long pid() {
        return process.pid();
    }

    public synchronized void send(String line) {
        transcript.add(new Line(elapsed(), "in", line));
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write to the worker's stdin", e);
        }
    }

    public void send(ObjectNode frame) {
        send(FrameJson.write(frame));
    }

    public synchronized void closeStdin() throws IOException {
        if (!stdinClosed) {
            stdinClosed = true;
            transcript.add(new Line(elapsed(), "in-closed", ""));
            stdin.close();
        }
    }

    /** The next stdout frame after the previous match that satisfies {@code match}; fails after {@code timeout}. */
    public synchronized JsonNode await(String what, Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = cursor; i < out.size(); i++) {
                if (match.test(out.get(i))) {
                    cursor = i + 1;
                    return out.get(i);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && eofSeen)) {
                throw new AssertionError("no " + what + " from the worker within " + timeout.toSeconds() + " s"
                        + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")")
                        + "; stdout so far:\n" + summary() + "\nstderr:\n" + stderr);
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    /** The next frame of this {@code type} (and, for control requests, {@code request.subtype}). */
    public JsonNode awaitType(String type, String subtype, Duration timeout) throws InterruptedException {
        return await(type + (subtype == null ? "" : "/" + subtype), f -> type.equals(FrameJson.typeOf(f))
                && (subtype == null || subtype.equals(f.path("subtype").asText(f.path("request").path("subtype").asText()))), timeout);
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the worker did not exit within " + timeout.toSeconds() + " s; stderr:\n" + stderr());
        }
        synchronized (this) {
            long until = System.currentTimeMillis() + 5_000;
            while (!(eofSeen && stderrEof) && System.currentTimeMillis() < until) {
                wait(50);
            }
            transcript.add(new Line(elapsed(), "exit", Integer.toString(process.exitValue())));
        }
        return process.exitValue();
    }

    public synchronized List<Line> transcript() {
        return List.copyOf(transcript);
    }

    public synchronized List<JsonNode> framesOut() {
        return List.copyOf(out);
    }

    public synchronized List<String> linesIn() {
        return transcript.stream().filter(l -> l.dir().equals("in")).map(Line::text).toList();
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    /** Writes the transcript as JSON Lines {@code {"t":ms,"dir":"in|out|…","line":"…"}}. */
    public synchronized void saveTranscript(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (Line l : transcript) {
            ObjectNode row = FrameJson.object().put("t", l.atMillis()).put("dir", l.dir()).put("line", l.text());
            sb.append(FrameJson.write(row)).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private boolean eofSeen;
    private boolean stderrEof;

    private synchronized void stdoutLine(String line) {
        if (line == null) {
            eofSeen = true;
        } else {
            transcript.add(new Line(elapsed(), "out", line));
            JsonNode frame = FrameJson.parseOrNull(line);
            out.add(frame == null ? FrameJson.object().put("type", "<not json>").put("text", line) : frame);
        }
        notifyAll();
    }

    private String summary() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode f : out) {
            String s = FrameJson.write(f);
            sb.append(s, 0, Math.min(300, s.length())).append('\n');
        }
        return sb.toString();
    }

    private long elapsed() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }

    private interface LineSink {
        void line(String line);
    }

    private static void reader(String name, InputStream in, LineSink sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.line(line);
                }
            } catch (IOException ignored) {
                // the process went away; EOF below
            }
            sink.line(null);
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
