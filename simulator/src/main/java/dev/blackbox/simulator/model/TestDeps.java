package dev.blackbox.simulator.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code ./test} put the real Claude Code CLI and Agent SDK: the variables it exports, else its
 * default cache ({@code ${XDG_CACHE_HOME:-~/.cache}/blackbox/test-deps}), so a plain {@code mvn verify}
 * after one {@code ./test} finds them too. Missing is an error that says to run {@code ./test};
 * tests never skip for it.
 */
public final class TestDeps {

    public static final String CLAUDE_CODE_VERSION = "2.1.330";
    public static final String AGENT_SDK_VERSION = "0.3.330";

    private TestDeps() {
    }

    /** The CLI's native binary, {@code node_modules/@anthropic-ai/claude-code/bin/claude.exe}. */
    public static Path claudeCli() {
        Path cli = fromEnvOrCache("BLACKBOX_TEST_CLAUDE_CLI", "node_modules/@anthropic-ai/claude-code/bin/claude.exe");
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("the real Claude Code CLI " + CLAUDE_CODE_VERSION + " is not installed at " + cli
                    + ": run the tests with ./test, which installs it from npm");
        }
        return cli;
    }

    /** The TypeScript Agent SDK's package directory (its {@code sdk.mjs} is what applications import). */
    public static Path agentSdkDir() {
        Path sdk = fromEnvOrCache("BLACKBOX_TEST_AGENT_SDK_DIR", "node_modules/@anthropic-ai/claude-agent-sdk");
        if (!Files.isRegularFile(sdk.resolve("sdk.mjs"))) {
            throw new IllegalStateException("the Claude Agent SDK " + AGENT_SDK_VERSION + " is not installed at " + sdk
                    + ": run the tests with ./test, which installs it from npm");
        }
        return sdk;
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
