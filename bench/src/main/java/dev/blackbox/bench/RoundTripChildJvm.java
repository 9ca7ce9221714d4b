package dev.blackbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A second JVM running a main class of this very jar: the approver of the permission bench, the
 * frame source of the ingest bench. The child prints {@code READY <details>} on stdout when it
 * is up, and exits when its stdin closes, so it cannot outlive this process. Its stderr and any
 * other stdout line are passed through, prefixed.
 */
final class RoundTripChildJvm implements AutoCloseable {

    static final String READY = "READY";

    /**
     * {@code java -cp} ignores the jar manifest's Add-Opens/Add-Exports (DEPS.md P5): the Chronicle
     * flags are required for a journal, the Hazelcast ones silence its "modular environment" warning.
     */
    static final List<String> MODULE_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    private final String name;
    private final Process process;
    private final String readyDetails;

    private RoundTripChildJvm(String name, Process process, String readyDetails) {
        this.name = name;
        this.process = process;
        this.readyDetails = readyDetails;
    }

    /**
     * Starts {@code mainClass} with {@code jvmArgs} (heap size and the like), {@code args} and extra
     * environment variables (secrets go there, never into arguments that {@code ps} shows), and
     * waits up to {@code readyWithinSeconds} for its READY line.
     */
    static RoundTripChildJvm start(String name, Class<?> mainClass, List<String> jvmArgs, List<String> args,
                                   Map<String, String> env, long readyWithinSeconds) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MODULE_FLAGS);
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Java 17 refuses to start with it (DEPS.md P6)
        }
        command.addAll(List.of("-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true",
                "-Dchronicle.disk.monitor.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dvertx.disableDnsResolver=true"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + name + " JVM: " + e.getMessage(), e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> pipe(name, process, ready), name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new RoundTripChildJvm(name, process, ready.get(readyWithinSeconds, TimeUnit.SECONDS));
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            process.destroyForcibly();
            String why = e instanceof TimeoutException ? "not ready within " + readyWithinSeconds + " s"
                    : e instanceof ExecutionException ee ? ee.getCause().getMessage() : "interrupted";
            throw new IllegalStateException("the " + name + " JVM did not start: " + why);
        }
    }

    private static void pipe(String name, Process process, CompletableFuture<String> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!ready.isDone() && (line.equals(READY) || line.startsWith(READY + " "))) {
                    ready.complete(line.substring(READY.length()).strip());
                } else {
                    System.err.println("[" + name + "] " + line);
                }
            }
        } catch (IOException e) {
            // the child is gone; the exit check below says so
        }
        ready.completeExceptionally(new IllegalStateException("it exited with status " + exitStatus(process)));
    }

    private static String exitStatus(Process process) {
        try {
            return String.valueOf(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** What the child printed after READY (a port, say). */
    String readyDetails() {
        return readyDetails;
    }

    /** Closes the child's stdin (it then shuts down by itself), waits, and kills it if it lingers. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                System.err.println("[" + name + "] did not stop within 20 s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** For a child's main: blocks until the parent closes our stdin (or dies). */
    static void awaitParentGone() {
        try {
            while (System.in.read() >= 0) {
                // nothing is ever sent: only the end of the stream matters
            }
        } catch (IOException ignored) {
            // the parent is gone just the same
        }
    }
}
