package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.FrameJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real TypeScript Agent SDK 0.3.330 running a small application with its own {@code canUseTool},
 * its {@code pathToClaudeCodeExecutable} pointing at a wrapper that records argv, environment, stdin
 * and stdout and runs the real CLI: what an SDK application sends its worker, byte for byte. This is
 * what {@code blackbox-claude} sits in the middle of.
 */
class RealAgentSdkTest {

    @TempDir
    Path dir;
    private OfflineCli offline;
    private Path capture;

    @BeforeEach
    void start() throws Exception {
        offline = new OfflineCli(dir, ModelApiConfig.loopback());
        capture = Files.createDirectories(dir.resolve("capture"));
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    @Test
    @DisplayName("The SDK starts the CLI without -p, writes initialize and the prompt at once, answers can_use_tool allow with toolUseID, and closes stdin after the result")
    void appAllows() throws Exception {
        Process app = runApp("allow", "Please [[bash-write sdk.txt]]");
        assertThat(app.exitValue()).as("the application's exit status; stderr: %s", stderr(app)).isZero();

        assertThat(Files.readAllLines(capture.resolve("argv"))).isEqualTo(OfflineCli.SDK_ARGV);
        assertThat(Files.readAllLines(capture.resolve("env"))).contains("CLAUDE_CODE_ENTRYPOINT=sdk-ts",
                "CLAUDE_AGENT_SDK_VERSION=" + TestDeps.AGENT_SDK_VERSION, "CLAUDE_CODE_SDK_READS_SESSION_STATE=1");
        List<JsonNode> stdin = frames("stdin");
        assertThat(stdin).hasSize(3);
        JsonNode init = stdin.get(0);
        assertThat(init.path("type").asText()).isEqualTo("control_request");
        assertThat(init.path("request").path("subtype").asText()).isEqualTo("initialize");
        assertThat(FrameJson.write(init.path("request"))).isEqualTo("{\"subtype\":\"initialize\",\"systemPrompt\":[\"\"]}");
        assertThat(FrameJson.write(stdin.get(1))).isEqualTo("{\"type\":\"user\",\"session_id\":\"\",\"message\":{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Please [[bash-write sdk.txt]]\"}]},\"parent_tool_use_id\":null}");
        JsonNode answer = stdin.get(2).path("response");
        JsonNode ask = frames("stdout").stream().filter(f -> "can_use_tool".equals(f.path("request").path("subtype").asText()))
                .findFirst().orElseThrow();
        assertThat(answer.path("request_id").asText()).isEqualTo(ask.path("request_id").asText());
        assertThat(answer.path("response").path("behavior").asText()).isEqualTo("allow");
        assertThat(answer.path("response").path("updatedInput")).isEqualTo(ask.path("request").path("input"));
        assertThat(answer.path("response").path("toolUseID").asText()).isEqualTo(ask.path("request").path("tool_use_id").asText());
        assertThat(frames("stdout")).anyMatch(f -> "session_state_changed".equals(f.path("subtype").asText())
                && f.path("sdk_host_only").asBoolean());
        assertThat(Files.readString(capture.resolve("exit")).trim()).isEqualTo("0");
        assertThat(Files.readString(offline.work.resolve("sdk.txt"))).isEqualTo("hello\n");
        copyCapture("sdk-allow");
        offline.assertApiOnly();
    }

    @Test
    @DisplayName("The application's canUseTool deny reaches the worker as a deny with its message and toolUseID; no file is written")
    void appDenies() throws Exception {
        Process app = runApp("deny", "Please [[bash-write sdk.txt]]");
        assertThat(app.exitValue()).as("stderr: %s", stderr(app)).isZero();
        JsonNode answer = frames("stdin").get(2).path("response").path("response");
        assertThat(answer.path("behavior").asText()).isEqualTo("deny");
        assertThat(answer.path("message").asText()).isEqualTo("The application says no");
        assertThat(answer.has("toolUseID")).isTrue();
        assertThat(Files.exists(offline.work.resolve("sdk.txt"))).isFalse();
        JsonNode messages = offline.api.requests().get(1).json().path("messages");
        assertThat(messages.path(messages.size() - 1).path("content").path(0).path("content").asText()).isEqualTo("The application says no");
        copyCapture("sdk-deny");
        offline.assertApiOnly();
    }

    private Process runApp(String decision, String prompt) throws IOException, InterruptedException {
        Path wrapper = dir.resolve("claude-wrapper");
        Files.writeString(wrapper, """
                #!/bin/bash
                # records what the SDK gives its worker, then runs the real CLI between two tees
                cap=%s
                printf '%%s\\n' "$@" > "$cap/argv"
                env | grep -E '^CLAUDE_' | sort > "$cap/env"
                tee "$cap/stdin" | %s "$@" | tee "$cap/stdout"
                status=${PIPESTATUS[1]}
                echo "$status" > "$cap/exit"
                exit "$status"
                """.formatted(capture, offline.cli));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Path app = dir.resolve("app.mjs");
        Files.writeString(app, """
                import {query} from %s;
                const q = query({prompt: process.env.APP_PROMPT, options: {
                  pathToClaudeCodeExecutable: process.env.APP_CLI,
                  cwd: process.env.APP_CWD,
                  canUseTool: async (toolName, input, options) =>
                    process.env.APP_DECISION === 'allow' ? {behavior: 'allow', updatedInput: input}
                                                         : {behavior: 'deny', message: 'The application says no'},
                }});
                for await (const m of q) console.log(JSON.stringify({type: m.type, subtype: m.subtype}));
                """.formatted(FrameJson.write(FrameJson.MAPPER.getNodeFactory().textNode(
                        TestDeps.agentSdkDir().resolve("sdk.mjs").toUri().toString()))));
        ProcessBuilder pb = new ProcessBuilder("node", app.toString()).directory(offline.work.toFile())
                .redirectOutput(dir.resolve("app.out").toFile()).redirectError(dir.resolve("app.err").toFile());
        pb.environment().clear();
        pb.environment().putAll(offline.env());
        pb.environment().putAll(Map.of("APP_PROMPT", prompt, "APP_CLI", wrapper.toString(),
                "APP_CWD", offline.work.toString(), "APP_DECISION", decision));
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the SDK application did not finish within 90 s: " + stderr(p));
        }
        return p;
    }

    private String stderr(Process p) throws IOException {
        return Files.readString(dir.resolve("app.err"));
    }

    private List<JsonNode> frames(String file) throws IOException {
        return Files.readAllLines(capture.resolve(file)).stream().filter(l -> !l.isBlank()).map(FrameJson::parseOrNull).toList();
    }

    /** Keeps both directions under target/real-cli/NAME.jsonl as {"dir":"in"|"out","line":…}. */
    private void copyCapture(String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String dirName : List.of("stdin", "stdout")) {
            for (String line : Files.readAllLines(capture.resolve(dirName))) {
                sb.append(FrameJson.write(FrameJson.object().put("dir", dirName.equals("stdin") ? "in" : "out").put("line", line))).append('\n');
            }
        }
        Path file = Path.of("target", "real-cli", name + ".jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString().replace(dir.toAbsolutePath().toString(), "$ROOT"));
    }
}
