package dev.blackbox.bench.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM for one client of one round: a peer of this jar ({@code java -cp}) or the recorder as users
 * run it ({@code java -jar blackbox.jar record ...}). Its output goes to a file (read after it exits); the
 * environment is this one's without {@code BLACKBOX_*} (a stray setting would change the recorder), plus
 * the token. The default heap and GC: no {@code -Xmx}, no tuning, unless the caller adds JVM flags.
 */
final class Child implements AutoCloseable {

    /** {@code java -cp} ignores a jar's manifest: the flags Chronicle needs (shared/DEPS.md 2). */
    private static final List<String> MODULE_FLAGS = List.of(
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    /** Children still running when the bench is stopped (Ctrl-C, kill) are stopped with it: a recorder left alone would reconnect. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "ingest-children"));
    }

    private final Process process;
    private final Path output;

    private Child(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static Child peer(String mode, List<String> jvmArgs, List<String> args, String token, Path output) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(MODULE_FLAGS);
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerClient.class.getName(), mode));
        command.addAll(args);
        return start(command, token, output);
    }

    static Child recorder(Path jar, List<String> jvmArgs, List<String> args, String token, Path output) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "record"));
        command.addAll(args);
        return start(command, token, output);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Child start(List<String> command, String token, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("BLACKBOX_"));
        env.put("INGEST_BENCH_TOKEN", token);
        try {
            Process p = builder.start();
            RUNNING.add(p);
            p.onExit().thenRun(() -> RUNNING.remove(p));
            return new Child(p, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the exit; kills the child after {@code seconds}. Its exit status, or -1 when killed. */
    int await(long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** The line that starts with {@code prefix + " "}, without the prefix. */
    Optional<String> line(String prefix) {
        return output().lines().filter(l -> l.startsWith(prefix + " ")).map(l -> l.substring(prefix.length() + 1)).findFirst();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
