package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * asciinema's web player, run in Node without a browser: its core loads a cast exactly as the page would
 * and reports the duration and markers it found. The npm package is installed once into a cache directory
 * ({@code $BLACKBOX_NPM_CACHE}, default {@code ~/.cache/blackbox/npm}); without Node and npm the test fails
 * with a message saying so, it never skips.
 */
final class AsciinemaPlayer {

    static final String PACKAGE = "asciinema-player@3.17.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AsciinemaPlayer() {
    }

    /** {"duration": seconds, "markers": [[seconds, label], ...]} as the player's core loaded them. */
    static JsonNode load(Path cast) throws IOException, InterruptedException {
        Path prefix = installed();
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

    private static synchronized Path installed() throws IOException, InterruptedException {
        String env = System.getenv("BLACKBOX_NPM_CACHE");
        Path cache = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "blackbox", "npm");
        Path prefix = cache.resolve(PACKAGE.replace('@', '-'));
        if (!Files.isRegularFile(prefix.resolve("node_modules/asciinema-player/package.json"))) {
            Files.createDirectories(prefix);
            run(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund", PACKAGE), 300);
        }
        return prefix;
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
