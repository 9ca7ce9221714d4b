package dev.blackbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.model.TestDeps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Agent SDK 0.3.330 application with its own {@code canUseTool}, pointed at {@code bin/blackbox-claude},
 * which starts the real CLI 2.1.330 offline. Tees on both sides show what the application and the CLI each
 * wrote and read: the application cannot tell Blackbox is there, and the journal is the CLI's pipes.
 */
class BlackboxClaudeIT {

    /** What the SDK starts its CLI with when the application gives a canUseTool (docs/stdio-protocol-notes.md). */
    static final List<String> SDK_ARGV = List.of("--output-format", "stream-json", "--verbose", "--input-format", "stream-json",
            "--permission-prompt-tool=stdio");
    static final Path BLACKBOX_CLAUDE = Path.of("..", "bin", "blackbox-claude").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private OfflineClaude offline;

    @BeforeEach
    void start() throws Exception {
        offline = new OfflineClaude(dir);
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    /** blackbox-claude between two tees: what the application wrote and read ({@code app.in}, {@code app.out}). */
    private Path appSide() throws Exception {
        return offline.script("app-side", """
                tee %1$s.in | %2$s "$@" | tee %1$s.out
                exit "${PIPESTATUS[1]}"
                """.formatted(dir.resolve("app"), BLACKBOX_CLAUDE));
    }

    /** Runs the SDK application; it prints {"canUseTool":NAME} when its callback is asked, and each message's type. */
    private Process app(String decision, String prompt, Map<String, String> extra) throws Exception {
        Path app = dir.resolve("app.mjs");
        Files.writeString(app, """
                import {query} from %s;
                const q = query({prompt: process.env.APP_PROMPT, options: {
                  pathToClaudeCodeExecutable: process.env.APP_CLI,
                  cwd: process.env.APP_CWD,
                  stderr: (data) => process.stderr.write(data),   // what the CLI (here: blackbox-claude) writes to stderr
                  canUseTool: async (toolName, input, options) => {
                    console.log(JSON.stringify({canUseTool: toolName}));
                    return process.env.APP_DECISION === 'allow' ? {behavior: 'allow', updatedInput: input}
                                                                : {behavior: 'deny', message: 'The application says no'};
                  },
                }});
                for await (const m of q) console.log(JSON.stringify({type: m.type, subtype: m.subtype}));
                """.formatted(new JsonArray().add(TestDeps.agentSdkDir().resolve("sdk.mjs").toUri().toString()).encode()
                .replaceAll("^\\[|]$", "")));
        Map<String, String> env = new HashMap<>(Map.of("APP_PROMPT", prompt, "APP_CLI", appSide().toString(),
                "APP_CWD", offline.work.toString(), "APP_DECISION", decision,
                "BLACKBOX_CLAUDE_CLI", offline.teed("cli").toString(), "BLACKBOX_JOURNAL_DIR", offline.journal.toString()));
        env.putAll(extra);
        Process p = offline.start(List.of("node", app.toString()), env, "node");
        offline.watch("cli");
        return p;
    }

    private List<String> appOutput() throws Exception {
        return offline.out("node").lines().toList();
    }

    @Test
    @DisplayName("The application's own canUseTool allows: the file appears, the application read and wrote exactly what the CLI wrote and read, and the journal records the host's decision")
    void applicationAllows() throws Exception {
        Process node = app("allow", "Please [[bash-write sdk.txt]]", Map.of("BLACKBOX_PRINT_SESSION", "1"));
        assertThat(offline.awaitExit(node, "node")).as(offline.err("node")).isZero();

        assertThat(appOutput()).contains("{\"canUseTool\":\"Bash\"}", "{\"type\":\"result\",\"subtype\":\"success\"}");
        assertThat(Files.readString(offline.work.resolve("sdk.txt"))).isEqualTo("hello\n");
        assertThat(offline.stdoutOf("app")).as("what the application read").isEqualTo(offline.stdoutOf("cli"));
        assertThat(offline.stdinOf("cli")).as("what the CLI read").isEqualTo(offline.stdinOf("app"));

        String session = offline.onlySession();
        List<JournalEntry> entries = offline.journal(session);
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_RECEIVED)).isEqualTo(offline.stdoutOf("cli"));
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_SENT)).isEqualTo(offline.stdinOf("cli"));
        JsonObject worker = new JsonObject(entries.get(0).payloadText()).getJsonObject("worker");
        assertThat(worker.getString("cli")).isEqualTo(offline.root.resolve("cli").toString());
        assertThat(worker.getJsonArray("argv").encode()).isEqualTo(new JsonArray(new ArrayList<>(SDK_ARGV)).encode());
        assertThat(worker.getString("host")).isEqualTo("application");
        JsonObject decided = decisions(entries).get(0);
        assertThat(decided.getString("decidedBy")).isEqualTo("host");
        assertThat(decided.getString("via")).isEqualTo("sdk");
        assertThat(decided.getString("behavior")).isEqualTo("allow");
        assertThat(new JsonObject(entries.stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED).findFirst().orElseThrow()
                .payloadText()).getInteger("exitCode")).isZero();
        assertThat(offline.err("node")).contains("blackbox-claude: session " + session);

        assertVerified(session);
        offline.assertSecretNowhere("node");
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("The application's own canUseTool denies: no file, its message reaches the model, the journal records the host's deny")
    void applicationDenies() throws Exception {
        Process node = app("deny", "Please [[bash-write sdk.txt]]", Map.of());
        assertThat(offline.awaitExit(node, "node")).as(offline.err("node")).isZero();

        assertThat(Files.exists(offline.work.resolve("sdk.txt"))).isFalse();
        JsonNode messages = offline.api.requests().get(1).json().path("messages");
        assertThat(messages.path(messages.size() - 1).path("content").path(0).path("content").asText()).isEqualTo("The application says no");
        assertThat(offline.stdoutOf("app")).isEqualTo(offline.stdoutOf("cli"));
        assertThat(offline.stdinOf("cli")).isEqualTo(offline.stdinOf("app"));
        String session = offline.onlySession();
        List<JournalEntry> entries = offline.journal(session);
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_SENT)).isEqualTo(offline.stdinOf("cli"));
        JsonObject decided = decisions(entries).get(0);
        assertThat(decided.getString("decidedBy")).isEqualTo("host");
        assertThat(decided.getString("behavior")).isEqualTo("deny");
        assertThat(decided.getString("message")).isEqualTo("The application says no");
        assertVerified(session);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("A governing deny policy overrides the application's allow: its callback is never asked, no file is written, the policy's message reaches the model")
    void policyOverridesTheApplication() throws Exception {
        Path policy = dir.resolve("org-policy.json");
        Files.writeString(policy, "{\"rules\":[{\"name\":\"org-no-bash\",\"tool\":\"Bash\",\"decision\":\"deny\","
                + "\"message\":\"The organisation's policy forbids this\"}]}");
        Process node = app("allow", "Please [[bash-write sdk.txt]]", Map.of("BLACKBOX_POLICY", policy.toString()));
        assertThat(offline.awaitExit(node, "node")).as(offline.err("node")).isZero();

        assertThat(appOutput()).noneMatch(l -> l.contains("canUseTool")).contains("{\"type\":\"result\",\"subtype\":\"success\"}");
        assertThat(Files.exists(offline.work.resolve("sdk.txt"))).isFalse();
        JsonNode messages = offline.api.requests().get(1).json().path("messages");
        assertThat(messages.path(messages.size() - 1).path("content").path(0).path("content").asText())
                .isEqualTo("The organisation's policy forbids this");

        List<String> cliOut = lines(offline.stdoutOf("cli"));
        assertThat(lines(offline.stdoutOf("app"))).as("every line but the request the policy answered")
                .isEqualTo(cliOut.stream().filter(l -> !l.contains("\"subtype\":\"can_use_tool\"")).toList());
        List<String> cliIn = lines(offline.stdinOf("cli"));
        assertThat(cliIn.stream().filter(l -> !l.contains("The organisation's policy forbids this")).toList())
                .as("every line the application wrote, and the policy's answer").isEqualTo(lines(offline.stdinOf("app")));
        String session = offline.onlySession();
        List<JournalEntry> entries = offline.journal(session);
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_SENT)).isEqualTo(offline.stdinOf("cli"));
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_RECEIVED)).isEqualTo(offline.stdoutOf("cli"));
        JsonObject decided = decisions(entries).get(0);
        assertThat(decided.getString("via")).isEqualTo("policy:org-no-bash");
        assertThat(decided.getString("behavior")).isEqualTo("deny");
        assertThat(decisions(entries)).hasSize(1);
        assertVerified(session);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Installed as claude on PATH, blackbox-claude never starts itself: with no other claude there it says so in one line and exits 127")
    void neverStartsItself() throws Exception {
        Path shim = Files.createDirectories(dir.resolve("shim")).resolve("claude");
        Files.createSymbolicLink(shim, BLACKBOX_CLAUDE);
        Process p = offline.start(List.of(shim.toString(), "--version"), Map.of("PATH", shim.getParent() + ":/usr/bin:/bin"), "self");
        assertThat(offline.awaitExit(p, "self")).isEqualTo(127);
        assertThat(offline.err("self")).isEqualTo("blackbox-claude: no Claude Code CLI: 'claude' is not on PATH (besides blackbox-claude"
                + " itself); install it, or set BLACKBOX_CLAUDE_CLI to its path\n");
        assertThat(offline.out("self")).isEmpty();
    }

    @Test
    @DisplayName("blackbox-claude exits with the CLI's status and passes its stderr on as it is, recording both")
    void exitsWithTheCliStatus() throws Exception {
        Path failing = offline.script("failing-claude", "printf 'partial line, no newline' >&2\nexit 42\n");
        Process p = offline.start(List.of(BLACKBOX_CLAUDE.toString(), "--print", "hello"),
                Map.of("BLACKBOX_CLAUDE_CLI", failing.toString(), "BLACKBOX_JOURNAL_DIR", offline.journal.toString()), "failing");
        assertThat(offline.awaitExit(p, "failing")).isEqualTo(42);
        assertThat(offline.err("failing")).isEqualTo("partial line, no newline");
        assertThat(offline.out("failing")).isEmpty();
        List<JournalEntry> entries = offline.journal(offline.onlySession());
        assertThat(OfflineClaude.has(entries, EntryKind.WORKER_STDERR, "partial line, no newline")).isTrue();
        assertThat(new JsonObject(entries.stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED).findFirst().orElseThrow()
                .payloadText()).getInteger("exitCode")).isEqualTo(42);
        assertThat(new JsonObject(entries.get(0).payloadText()).getJsonObject("worker").getJsonArray("argv").encode())
                .isEqualTo("[\"--print\",\"hello\"]");
    }

    private static List<JsonObject> decisions(List<JournalEntry> entries) {
        return entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).map(e -> new JsonObject(e.payloadText())).toList();
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    private void assertVerified(String session) throws Exception {
        Jar.Result verify = Jar.run("verify", session, "--journal", offline.journal.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }
}
