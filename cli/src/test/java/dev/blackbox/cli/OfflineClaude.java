package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.model.ModelApiConfig;
import dev.blackbox.simulator.model.OfflineWorkerEnv;
import dev.blackbox.simulator.model.ScriptedModelApi;
import dev.blackbox.simulator.model.TestDeps;
import dev.blackbox.simulator.pipes.SocketWatch;
import dev.blackbox.simulator.pipes.Tripwire;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Claude Code CLI from {@code bin/install-test-deps}'s cache, offline, for the local-session tests of the jar:
 * the scripted Messages API and a proxy tripwire in this JVM, a fresh HOME, TMPDIR and working directory,
 * an environment given whole (with a secret in it that must never show up), the CLI between two tees so
 * a test sees exactly what crossed its pipes, and a socket watch on it.
 */
final class OfflineClaude implements AutoCloseable {

    /** An environment value of the user's: it must reach the worker and nothing else. */
    static final String SECRET_VAR = "BB_IT_SECRET_API_TOKEN";
    static final String SECRET = "sk-live-it-secret-9f3c2a7e-never-journal-me";

    final Vertx vertx = Vertx.vertx();
    final ScriptedModelApi api;
    final Tripwire tripwire;

    final Path root;
    final Path home;
    final Path tmp;
    final Path work;
    final Path journal;
    private final List<SocketWatch> watches = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    OfflineClaude(Path root) throws IOException {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.work = Files.createDirectories(root.resolve("work"));
        this.journal = root.resolve("journal");
        this.api = ScriptedModelApi.start(vertx, ModelApiConfig.loopback()).await();
        this.tripwire = Tripwire.start(vertx).await();
    }

    /** The real CLI; missing is an error naming bin/install-test-deps (never a skip). */
    Path cli() {
        return TestDeps.claudeCli();
    }

    /** The whole environment of the commands under test (and so of the CLI they start). */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(OfflineWorkerEnv.forCli(api.baseUrl(), home, tmp));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            env.put(proxy, tripwire.url());
        }
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put(SECRET_VAR, SECRET);
        return env;
    }

    /**
     * The CLI between two tees: {@code NAME.in} gets every byte of its stdin, {@code NAME.out} of its stdout,
     * {@code NAME.pid} the wrapper's pid (for the socket watch). {@code --version} (run's probe) goes straight through.
     */
    Path teed(String name) throws IOException {
        return script(name, """
                [ "$1" = --version ] || echo $$ > %1$s.pid   # the session's worker, not run's version probe
                tee %1$s.in | %2$s "$@" | tee %1$s.out
                exit "${PIPESTATUS[1]}"
                """.formatted(root.resolve(name), cli()));
    }

    Path script(String name, String body) throws IOException {
        Path script = root.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    byte[] stdinOf(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name + ".in"));
    }

    byte[] stdoutOf(String name) throws IOException {
        return Files.readAllBytes(root.resolve(name + ".out"));
    }

    /** Starts the jar with exactly {@link #env()} (plus {@code extra}), nothing inherited. */
    Process jar(Map<String, String> extra, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvertx.disableDnsResolver=true", "-jar", Jar.JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return start(cmd, extra, name);
    }

    Process start(List<String> cmd, Map<String, String> extra, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(root.resolve(name + ".stdout").toFile()).redirectError(root.resolve(name + ".stderr").toFile());
        pb.environment().clear();
        pb.environment().putAll(env());
        pb.environment().putAll(extra);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    String out(String name) throws IOException {
        return Files.readString(root.resolve(name + ".stdout"));
    }

    String err(String name) throws IOException {
        return Files.readString(root.resolve(name + ".stderr"));
    }

    int awaitExit(Process p, String name) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish within 120 s; stderr:\n" + err(name));
        }
        return p.exitValue();
    }

    /** Watches the sockets of the teed CLI {@code name} (and its children) once its wrapper has started. */
    void watch(String name) {
        Path pid = root.resolve(name + ".pid");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        try {
            long p = Long.parseLong(Files.readString(pid).trim());
            watches.add(SocketWatch.of(p));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The CLI talked to the scripted API on loopback and to nothing else; nothing went through a proxy. */
    void assertNoOtherTraffic() throws InterruptedException {
        for (SocketWatch w : watches) {
            w.close();
            // every peer the watch saw is the scripted API; a connection shorter than its poll can slip past it,
            // so whether it sees the API at all is checked by RealCliStdioTest, where a turn stalls long enough
            assertThat(w.peers()).as("IP peers of the worker and its children")
                    .allSatisfy(peer -> assertThat(peer).startsWith("127.0.0.1:" + api.port() + " "));
        }
        assertThat(api.unexpected()).as("requests other than a streamed POST /v1/messages?beta=true").isEmpty();
        assertThat(tripwire.attempts()).as("HTTP calls tried through a proxy").isEmpty();
    }

    /** The secret environment value is in none of these files (journal queues included, byte by byte) nor outputs. */
    void assertSecretNowhere(String... outputs) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(journal)) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        for (String name : outputs) {
            files.add(root.resolve(name + ".stdout"));
            files.add(root.resolve(name + ".stderr"));
        }
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThat(files).as("journal files").anyMatch(f -> f.toString().endsWith(".cq4"));
        for (Path f : files) {
            assertThat(indexOf(Files.readAllBytes(f), secret)).as("the secret in " + f).isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static List<JournalEntry> journal(Path root, String session) {
        return RecordIT.journal(root, session);
    }

    List<JournalEntry> journal(String session) {
        return journal(journal, session);
    }

    /** Each payload of {@code kind} followed by a newline: the pipe's bytes, if the journal is right. */
    static byte[] asPipe(List<JournalEntry> entries, EntryKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.stream().filter(e -> e.kind() == kind).forEach(e -> {
            out.writeBytes(e.payload());
            out.write('\n');
        });
        return out.toByteArray();
    }

    /** The only session under the journal root (blackbox-claude names its own). */
    String onlySession() {
        List<String> ids = JournalCatalog.sessionIds(journal);
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    static boolean has(List<JournalEntry> entries, EntryKind kind, String text) {
        return entries.stream().anyMatch(e -> e.kind() == kind && e.payloadText().contains(text));
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        vertx.close().await();
    }
}
