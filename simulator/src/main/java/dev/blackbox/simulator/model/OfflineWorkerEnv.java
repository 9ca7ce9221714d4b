package dev.blackbox.simulator.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole environment under which the real Claude Code CLI runs offline against the scripted
 * Messages API and makes no other connection: the API's URL, a dummy API key, telemetry, auto-update
 * and other non-essential traffic off, and its own {@code HOME} and {@code TMPDIR} (the CLI writes
 * its settings, session transcripts and sockets there). {@code PATH} is the caller's.
 */
public final class OfflineWorkerEnv {

    /** Any value does: the scripted API does not check it, and it is never stored. */
    public static final String DUMMY_API_KEY = "sk-ant-scripted-model-not-a-secret";

    private OfflineWorkerEnv() {
    }

    public static Map<String, String> forCli(String baseUrl, Path home, Path tmp) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")); // the host's, for bash and node
        env.put("HOME", home.toAbsolutePath().toString());
        env.put("TMPDIR", tmp.toAbsolutePath().toString());
        env.put("LANG", "C.UTF-8");
        env.put("ANTHROPIC_BASE_URL", baseUrl);
        env.put("ANTHROPIC_API_KEY", DUMMY_API_KEY);
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        return env;
    }
}
