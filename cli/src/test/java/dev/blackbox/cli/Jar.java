package dev.blackbox.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real runnable jar, as a user would: {@code java -jar cli/target/blackbox.jar ...}. */
final class Jar {

    static final Path JAR = Path.of(System.getProperty("blackbox.jar", "target/blackbox.jar"));

    record Result(int exit, String out, String err) {
    }

    private Jar() {
    }

    static ProcessBuilder command(Map<String, String> env, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("no jar at " + JAR.toAbsolutePath() + ": run 'mvn verify' (the jar is built by package)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvertx.disableDnsResolver=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("BLACKBOX_CONFIG");
        pb.environment().putAll(env);
        return pb;
    }

    static Process start(Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        return command(env, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    }

    static Result run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("blackbox-out", ".txt");
        Path err = Files.createTempFile("blackbox-err", ".txt");
        Process p = start(env, out, err, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("blackbox " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }
}
