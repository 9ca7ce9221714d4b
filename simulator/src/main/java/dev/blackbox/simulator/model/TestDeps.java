package dev.blackbox.simulator.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code bin/install-test-deps} put what the tests need: the real Claude Code CLI and Agent SDK and
 * asciinema's player in {@code $BLACKBOX_TEST_DEPS} (default {@code ${XDG_CACHE_HOME:-~/.cache}/blackbox/test-deps}),
 * Debian's chromium and chromedriver in {@code /usr/bin}. A variable naming one of them directly wins. Missing
 * is an error that says to run {@link #INSTALL}; tests never skip for it.
 */
public final class TestDeps {

    /** What installs them: the first half of the README's test command. */
    public static final String INSTALL = "bin/install-test-deps";
    public static final String CLAUDE_CODE_VERSION = "2.1.330";
    public static final String AGENT_SDK_VERSION = "0.3.330";

    private TestDeps() {
    }

    /** The CLI's native binary, {@code node_modules/@anthropic-ai/claude-code/bin/claude.exe}. */
    public static Path claudeCli() {
        Path cli = fromEnvOrCache("BLACKBOX_TEST_CLAUDE_CLI", "node_modules/@anthropic-ai/claude-code/bin/claude.exe");
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("the real Claude Code CLI " + CLAUDE_CODE_VERSION + " is not installed at " + cli
                    + ": run " + INSTALL + ", which installs it from npm");
        }
        return cli;
    }

    /** The TypeScript Agent SDK's package directory (its {@code sdk.mjs} is what applications import). */
    public static Path agentSdkDir() {
        Path sdk = fromEnvOrCache("BLACKBOX_TEST_AGENT_SDK_DIR", "node_modules/@anthropic-ai/claude-agent-sdk");
        if (!Files.isRegularFile(sdk.resolve("sdk.mjs"))) {
            throw new IllegalStateException("the Claude Agent SDK " + AGENT_SDK_VERSION + " is not installed at " + sdk
                    + ": run " + INSTALL + ", which installs it from npm");
        }
        return sdk;
    }

    /** The npm prefix whose {@code node_modules/asciinema-player} is the player's package. */
    public static Path asciinemaPlayerPrefix() {
        Path prefix = fromEnvOrCache("BLACKBOX_TEST_ASCIINEMA_PREFIX", "");
        if (!Files.isRegularFile(prefix.resolve("node_modules/asciinema-player/package.json"))) {
            throw new IllegalStateException("asciinema's player is not installed in " + prefix + ": run " + INSTALL
                    + ", which installs it from npm");
        }
        return prefix;
    }

    /** Debian's headless Chromium ({@code -Dblackbox.chromium} or {@code $BLACKBOX_TEST_CHROMIUM} instead). */
    public static Path chromium() {
        return located("blackbox.chromium", "BLACKBOX_TEST_CHROMIUM", "/usr/bin/chromium");
    }

    /** Debian's chromedriver ({@code -Dblackbox.chromedriver} or {@code $BLACKBOX_TEST_CHROMEDRIVER} instead). */
    public static Path chromedriver() {
        return located("blackbox.chromedriver", "BLACKBOX_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
    }

    private static Path located(String property, String variable, String debianPath) {
        String fromEnv = System.getenv(variable);
        return Path.of(System.getProperty(property, fromEnv == null || fromEnv.isBlank() ? debianPath : fromEnv));
    }

    private static Path fromEnvOrCache(String variable, String inCache) {
        String set = System.getenv(variable);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        String deps = System.getenv("BLACKBOX_TEST_DEPS");
        if (deps == null || deps.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            Path cacheDir = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
            return cacheDir.resolve("blackbox/test-deps").resolve(inCache);
        }
        return Path.of(deps).resolve(inCache);
    }
}
