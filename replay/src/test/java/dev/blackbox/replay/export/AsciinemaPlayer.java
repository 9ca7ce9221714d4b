package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.simulator.model.TestDeps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * asciinema's web player, run in Node without a browser: its core loads a cast exactly as the page would
 * and reports the duration and markers it found. The npm package is where {@code bin/install-test-deps} put it
 * ({@link TestDeps#asciinemaPlayerPrefix()}); without it, or without Node, the test fails saying so, it never skips.
 */
final class AsciinemaPlayer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AsciinemaPlayer() {
    }

    /** {"duration": seconds, "markers": [[seconds, label], ...]} as the player's core loaded them. */
    static JsonNode load(Path cast) throws IOException, InterruptedException {
        Path prefix = TestDeps.asciinemaPlayerPrefix();
        Path script = Files.createTempFile("load-cast", ".mjs");
        try (InputStream in = AsciinemaPlayer.class.getResourceAsStream("/asciinema/load-cast.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            String out = run(List.of("node", script.toString(), prefix.toString(), cast.toString()), 60);
            return JSON.readTree(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }


    private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed to check the cast with asciinema's player"
                    + " (Debian: apt-get install nodejs npm): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
