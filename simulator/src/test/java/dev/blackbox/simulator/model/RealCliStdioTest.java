package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.pipes.WorkerPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Claude Code CLI 2.1.330, offline against the scripted Messages API, driven over its
 * stdin/stdout exactly as a host drives it, without Blackbox. What these tests pin down is what
 * {@code blackbox run} and {@code blackbox-claude} build on (docs/stdio-protocol-notes.md).
 */
class RealCliStdioTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private OfflineCli offline;
    private String name;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        offline = new OfflineCli(dir, ModelApiConfig.loopback());
        name = info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    @Test
    @DisplayName("Initialize is answered with the CLI's version, a Bash write asks can_use_tool, allow makes the file appear, and closing stdin after the result exits 0")
    void allowWritesTheFile() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));

        JsonNode init = w.awaitType("control_response", null, WAIT);
        assertThat(init.path("response").path("request_id").asText()).isEqualTo("req_init_1");
        assertThat(init.path("response").path("subtype").asText()).isEqualTo("success");
        assertThat(init.path("response").path("response").path("claude_code_version").asText()).isEqualTo(TestDeps.CLAUDE_CODE_VERSION);
        JsonNode system = w.awaitType("system", "init", WAIT);
        assertThat(system.path("claude_code_version").asText()).isEqualTo(TestDeps.CLAUDE_CODE_VERSION);
        assertThat(system.path("cwd").asText()).isEqualTo(offline.work.toString());

        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        JsonNode request = ask.path("request");
        assertThat(request.path("tool_name").asText()).isEqualTo("Bash");
        assertThat(request.path("input").path("command").asText()).isEqualTo("echo hello > out.txt");
        assertThat(request.path("tool_use_id").asText()).startsWith("toolu_");
        assertThat(request.path("blocked_path").asText()).isEqualTo(offline.work.resolve("out.txt").toString());
        assertThat(request.path("permission_suggestions").isArray()).isTrue();
        assertThat(Files.exists(offline.work.resolve("out.txt"))).as("nothing written before the answer").isFalse();

        w.send(OfflineCli.allow(ask.path("request_id").asText(), request.path("input")));
        JsonNode toolResult = w.await("tool_result", f -> "user".equals(f.path("type").asText())
                && f.path("message").path("content").path(0).path("type").asText().equals("tool_result"), WAIT);
        assertThat(toolResult.path("message").path("content").path(0).path("is_error").asBoolean()).isFalse();
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(result.path("is_error").asBoolean()).isFalse();
        assertThat(Files.readString(offline.work.resolve("out.txt"))).isEqualTo("hello\n");

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).as("exit status after stdin closed").isZero();
        assertThat(offline.api.requests()).hasSize(2);
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Deny with a message writes no file and the message reaches the model as the tool_result error")
    void denyReachesTheModel() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);

        w.send(OfflineCli.deny(ask.path("request_id").asText(), "Not in this repository, says the test"));
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();

        List<ModelRequest> requests = offline.api.requests();
        assertThat(requests).hasSize(2);
        JsonNode messages = requests.get(1).json().path("messages");
        JsonNode block = messages.path(messages.size() - 1).path("content").path(0);
        assertThat(block.path("type").asText()).isEqualTo("tool_result");
        assertThat(block.path("is_error").asBoolean()).isTrue();
        assertThat(block.path("content").asText()).isEqualTo("Not in this repository, says the test");

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("An interrupt while a request is pending makes the worker withdraw it with control_cancel_request; a late allow is ignored and the session goes on")
    void interruptWithdrawsThePendingRequest() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        String requestId = ask.path("request_id").asText();

        w.send(OfflineCli.interrupt("req_interrupt_1"));
        JsonNode cancel = w.awaitType("control_cancel_request", null, WAIT);
        assertThat(cancel.path("request_id").asText()).isEqualTo(requestId);
        JsonNode ack = w.await("control_response", f -> "control_response".equals(f.path("type").asText())
                && "req_interrupt_1".equals(f.path("response").path("request_id").asText()), WAIT);
        assertThat(ack.path("response").path("subtype").asText()).isEqualTo("success");
        assertThat(ack.path("response").path("response").path("still_queued").isArray()).isTrue();
        JsonNode aborted = w.awaitType("result", null, WAIT);
        assertThat(aborted.path("subtype").asText()).isEqualTo("error_during_execution");
        assertThat(aborted.path("terminal_reason").asText()).isEqualTo("aborted_tools");

        w.send(OfflineCli.allow(requestId, ask.path("request").path("input")));   // too late: withdrawn
        w.send(OfflineCli.userMessage("Anything else?"));
        JsonNode next = w.awaitType("result", null, WAIT);
        assertThat(next.path("subtype").asText()).isEqualTo("success");
        assertThat(Files.exists(offline.work.resolve("out.txt"))).as("the late allow wrote nothing").isFalse();

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).as("the last result succeeded, so exit 0").isZero();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Closing stdin right after an interrupted turn exits 1: the exit status follows the last result")
    void exitStatusFollowsTheLastResult() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        w.awaitType("control_request", "can_use_tool", WAIT);
        w.send(OfflineCli.interrupt("req_interrupt_1"));
        assertThat(w.awaitType("result", null, WAIT).path("is_error").asBoolean()).isTrue();

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isEqualTo(1);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("A read-only Bash call (ls) runs without a permission request")
    void readOnlyIsAutoAllowed() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("What is here? [[read-only]]"));
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(w.framesOut()).noneMatch(f -> "control_request".equals(f.path("type").asText()));
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("type").asText().equals("tool_result"));

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("With the Agent SDK's argv (no -p) and its initialize, a Write asks with permission_suggestions and allow creates the file")
    void sdkArgvWriteWithSuggestions() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.SDK_ARGV);
        // exactly what the SDK 0.3.330 writes first (RealAgentSdkTest captures it): both lines at once
        w.send("{\"request_id\":\"pr4y43gx70c\",\"type\":\"control_request\",\"request\":{\"subtype\":\"initialize\",\"systemPrompt\":[\"\"]}}");
        w.send("{\"type\":\"user\",\"session_id\":\"\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Create it [[write-with-suggestions notes.txt]]\"}]},\"parent_tool_use_id\":null}");
        JsonNode init = w.awaitType("control_response", null, WAIT);
        assertThat(init.path("response").path("request_id").asText()).isEqualTo("pr4y43gx70c");

        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        JsonNode request = ask.path("request");
        assertThat(request.path("tool_name").asText()).isEqualTo("Write");
        assertThat(request.path("input").path("file_path").asText()).isEqualTo(offline.work.resolve("notes.txt").toString());
        assertThat(request.path("permission_suggestions").path(0).path("type").asText()).isEqualTo("setMode");
        assertThat(request.path("permission_suggestions").path(0).path("mode").asText()).isEqualTo("acceptEdits");

        w.send(OfflineCli.allow(ask.path("request_id").asText(), request.path("input")));
        assertThat(w.awaitType("result", null, WAIT).path("subtype").asText()).isEqualTo("success");
        assertThat(Files.readString(offline.work.resolve("notes.txt"))).isEqualTo("written by Write\n");

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("An interrupt during a slow streamed answer ends the turn (aborted_streaming) and cuts the model request")
    void interruptWhileStreaming() throws Exception {
        List<String> argv = new java.util.ArrayList<>(OfflineCli.HOST_ARGV);
        argv.add("--include-partial-messages");
        WorkerPipes w = offline.launch(argv);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Tell me a long story [[stall]]"));
        w.await("word deltas", f -> "stream_event".equals(f.path("type").asText())
                && f.path("event").path("delta").path("text").asText().startsWith("word3"), WAIT);

        w.send(OfflineCli.interrupt("req_interrupt_1"));
        JsonNode ack = w.await("control_response", f -> "req_interrupt_1".equals(f.path("response").path("request_id").asText()), WAIT);
        assertThat(ack.path("response").path("subtype").asText()).isEqualTo("success");
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("subtype").asText()).isEqualTo("error_during_execution");
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("text").asText()
                .equals("[Request interrupted by user]"));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> offline.api.stallsCut() == 1);

        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isEqualTo(1);
        offline.save(w, name);
        offline.assertWatchSeesTheApi(); // the stalled stream keeps the connection open for many polls
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Known breakage: closing stdin before the permission request arrives loses it (the tool fails with 'Stream closed')")
    void closingStdinEarlyLosesTheRequest() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        w.closeStdin();

        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(w.framesOut()).noneMatch(f -> "control_request".equals(f.path("type").asText()));
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("content").asText()
                .contains("Tool permission request failed: AbortError: Stream closed"));
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Closing stdin while a permission request is pending fails that tool call; the turn ends with success and exit 0")
    void closingStdinWhilePendingFailsTheToolCall() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        w.awaitType("control_request", "can_use_tool", WAIT);
        w.closeStdin();
        JsonNode failed = w.await("tool_result", f -> f.path("message").path("content").path(0).path("type").asText()
                .equals("tool_result"), WAIT);
        assertThat(failed.path("message").path("content").path(0).path("content").asText())
                .isEqualTo("Tool permission request failed: AbortError: Tool permission stream closed before response received");
        assertThat(w.awaitType("result", null, WAIT).path("subtype").asText()).isEqualTo("success");
        assertThat(w.awaitExit(WAIT)).isZero();
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();
        offline.save(w, name);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Without an initialize request the worker still runs the turn and asks can_use_tool")
    void initializeIsOptional() throws Exception {
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV);
        w.send(OfflineCli.userMessage("Please [[bash-write out.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        assertThat(w.framesOut().get(0).path("subtype").asText()).as("the first frame").isEqualTo("init");
        w.send(OfflineCli.allow(ask.path("request_id").asText(), ask.path("request").path("input")));
        assertThat(w.awaitType("result", null, WAIT).path("subtype").asText()).isEqualTo("success");
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("--permission-prompt-tool stdio with text input does not fail at start in 2.1.330: the permission request fails with 'Stream closed' instead")
    void permissionPromptToolWithoutStreamJsonInput() throws Exception {
        WorkerPipes w = offline.launch(List.of("-p", "Please [[bash-write out.txt]]", "--verbose", "--output-format",
                "stream-json", "--permission-prompt-tool", "stdio"));
        w.closeStdin();
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("subtype").asText()).isEqualTo("success");
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("content").asText()
                .contains("Stream closed"));
        assertThat(w.stderr()).doesNotContain("MCP tool stdio not found");
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();
        assertThat(w.awaitExit(WAIT)).isZero();
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Without DISABLE_TELEMETRY, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC and DISABLE_AUTOUPDATER the CLI calls out, and the tripwire sees it")
    void theTripwireCatchesOtherTraffic() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(offline.env());
        env.keySet().removeAll(List.of("DISABLE_TELEMETRY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "DISABLE_AUTOUPDATER"));
        WorkerPipes w = offline.launch(OfflineCli.HOST_ARGV, env);
        w.send(OfflineCli.initialize("req_init_1"));
        w.send(OfflineCli.userMessage("Say hello"));
        w.awaitType("result", null, WAIT);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !offline.tripwire.attempts().isEmpty());
        assertThat(offline.tripwire.attempts()).contains("CONNECT api.anthropic.com:443");
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
    }
}
