package dev.blackbox.simulator.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.pipes.WorkerPipes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.blackbox.simulator.stdio.Frames.initialize;
import static dev.blackbox.simulator.stdio.Frames.interrupt;
import static dev.blackbox.simulator.stdio.Frames.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

/** The stdio stand-in, driven as a separate process through real pipes, as a host drives the CLI. */
public class StdioWorkerTest {

    static final List<String> HOST_ARGV = List.of("-p", "--verbose", "--output-format", "stream-json",
            "--input-format", "stream-json", "--permission-prompt-tool", "stdio");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;
    private final List<WorkerPipes> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(WorkerPipes::close);
    }

    /** The stand-in's command line: this JVM's java and class path. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), StdioWorker.class.getName()));
        command.addAll(args);
        return command;
    }

    private WorkerPipes start(List<String> args, Map<String, String> extraEnv) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", work.toString()));
        env.putAll(extraEnv);
        WorkerPipes w = WorkerPipes.start(command(args), env, work);
        started.add(w);
        return w;
    }

    private WorkerPipes start() throws IOException {
        return start(HOST_ARGV, Map.of());
    }

    @Test
    @DisplayName("Initialize is answered with the version, a Bash write asks can_use_tool, allow writes the file, and closing stdin exits 0")
    void allowWritesTheFile() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("Please [[bash-write out.txt]]"));
        JsonNode init = w.awaitType("control_response", null, WAIT);
        assertThat(init.path("response").path("request_id").asText()).isEqualTo("req_init_1");
        assertThat(init.path("response").path("response").path("claude_code_version").asText()).isEqualTo("2.1.330");
        assertThat(w.awaitType("system", "init", WAIT).path("cwd").asText()).isEqualTo(work.toString());
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        assertThat(ask.path("request").path("tool_name").asText()).isEqualTo("Bash");
        assertThat(ask.path("request").path("blocked_path").asText()).isEqualTo(work.resolve("out.txt").toString());
        assertThat(ask.path("request").path("permission_suggestions").path(0).path("type").asText()).isEqualTo("addRules");
        assertThat(Files.exists(work.resolve("out.txt"))).isFalse();

        w.send(Frames.allow(ask.path("request_id").asText(), ask.path("request").path("input")));
        assertThat(w.awaitType("result", null, WAIT).path("subtype").asText()).isEqualTo("success");
        assertThat(Files.readString(work.resolve("out.txt"))).isEqualTo("hello\n");
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
    }

    @Test
    @DisplayName("Deny with a message writes no file; the message comes back as the tool_result error and in permission_denials")
    void denyKeepsTheFileAway() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("Please [[bash-write out.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        w.send(Frames.deny(ask.path("request_id").asText(), "Not here"));
        JsonNode toolResult = w.await("tool_result", f -> f.path("message").path("content").path(0).path("type").asText()
                .equals("tool_result"), WAIT);
        assertThat(toolResult.path("message").path("content").path(0).path("content").asText()).isEqualTo("Not here");
        assertThat(toolResult.path("message").path("content").path(0).path("is_error").asBoolean()).isTrue();
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("permission_denials").path(0).path("tool_name").asText()).isEqualTo("Bash");
        assertThat(Files.exists(work.resolve("out.txt"))).isFalse();
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
    }

    @Test
    @DisplayName("An interrupt while a request is pending withdraws it, acknowledges, ends the turn aborted_tools; a late allow is ignored and the next turn runs")
    void interruptWhilePending() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("Please [[bash-write out.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        w.send(interrupt("req_int_1"));
        assertThat(w.awaitType("control_cancel_request", null, WAIT).path("request_id").asText()).isEqualTo(ask.path("request_id").asText());
        assertThat(w.awaitType("control_response", null, WAIT).path("response").path("response").path("still_queued").isArray()).isTrue();
        assertThat(w.awaitType("result", null, WAIT).path("terminal_reason").asText()).isEqualTo("aborted_tools");

        w.send(Frames.allow(ask.path("request_id").asText(), ask.path("request").path("input")));
        w.send(userMessage("Anything else?"));
        assertThat(w.awaitType("result", null, WAIT).path("subtype").asText()).isEqualTo("success");
        assertThat(Files.exists(work.resolve("out.txt"))).isFalse();
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
    }

    @Test
    @DisplayName("Closing stdin after an interrupted turn exits 1, like the real CLI")
    void exitStatusFollowsTheLastResult() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("Please [[bash-write out.txt]]"));
        w.awaitType("control_request", "can_use_tool", WAIT);
        w.send(interrupt("req_int_1"));
        w.awaitType("result", null, WAIT);
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isEqualTo(1);
    }

    @Test
    @DisplayName("A stalled answer streams partial messages until an interrupt ends it aborted_streaming")
    void stallThenInterrupt() throws Exception {
        List<String> argv = new ArrayList<>(HOST_ARGV);
        argv.add("--include-partial-messages");
        WorkerPipes w = start(argv, Map.of());
        w.send(initialize("req_init_1"));
        w.send(userMessage("Go on [[stall]]"));
        w.await("word deltas", f -> f.path("event").path("delta").path("text").asText().startsWith("word3"), WAIT);
        w.send(interrupt("req_int_1"));
        w.awaitType("control_response", null, WAIT);
        JsonNode result = w.awaitType("result", null, WAIT);
        assertThat(result.path("terminal_reason").asText()).isEqualTo("aborted_streaming");
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("text").asText()
                .equals("[Request interrupted by user]"));
    }

    @Test
    @DisplayName("A read-only call runs without a permission request")
    void readOnly() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("[[read-only]]"));
        w.awaitType("result", null, WAIT);
        assertThat(w.framesOut()).noneMatch(f -> "control_request".equals(f.path("type").asText()));
    }

    @Test
    @DisplayName("Under the Agent SDK's argv and environment: session state frames, and a Write asks with a setMode suggestion and creates the file")
    void sdkArgvWrite() throws Exception {
        WorkerPipes w = start(List.of("--output-format", "stream-json", "--verbose", "--input-format", "stream-json",
                "--permission-prompt-tool=stdio"), Map.of("CLAUDE_CODE_SDK_READS_SESSION_STATE", "1"));
        w.send(initialize("req_init_1"));
        w.send(userMessage("[[write-with-suggestions notes.txt]]"));
        JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
        assertThat(ask.path("request").path("input").path("file_path").asText()).isEqualTo(work.resolve("notes.txt").toString());
        assertThat(ask.path("request").path("permission_suggestions").path(0).path("mode").asText()).isEqualTo("acceptEdits");
        w.send(Frames.allow(ask.path("request_id").asText(), ask.path("request").path("input")));
        w.awaitType("result", null, WAIT);
        w.await("the idle state after the result", f -> "idle".equals(f.path("state").asText()), WAIT);
        assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("written by Write\n");
        assertThat(w.framesOut()).filteredOn(f -> "session_state_changed".equals(f.path("subtype").asText()))
                .extracting(f -> f.path("state").asText()).containsExactly("running", "requires_action", "running", "idle");
    }

    @Test
    @DisplayName("Closing stdin while a request is pending fails that tool call with the real CLI's words, exit 0")
    void closingStdinWhilePending() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("Please [[bash-write out.txt]]"));
        w.awaitType("control_request", "can_use_tool", WAIT);
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
        assertThat(w.framesOut()).anyMatch(f -> f.path("message").path("content").path(0).path("content").asText()
                .equals("Tool permission request failed: AbortError: Tool permission stream closed before response received"));
        assertThat(w.framesOut().get(w.framesOut().size() - 1).path("subtype").asText()).isEqualTo("success");
    }

    @Test
    @DisplayName("[[exit 3]] makes the worker exit 3 mid-session; BLACKBOX_STANDIN_EXIT_AT_START=7 exits 7 at once with a stderr line")
    void exitsOnDemand() throws Exception {
        WorkerPipes w = start();
        w.send(initialize("req_init_1"));
        w.send(userMessage("crash now [[exit 3]]"));
        assertThat(w.awaitExit(WAIT)).isEqualTo(3);

        WorkerPipes dead = start(HOST_ARGV, Map.of("BLACKBOX_STANDIN_EXIT_AT_START", "7"));
        assertThat(dead.awaitExit(WAIT)).isEqualTo(7);
        assertThat(dead.stderr()).contains("exiting at start with status 7");
        assertThat(dead.framesOut()).isEmpty();
    }

    @Test
    @DisplayName("BLACKBOX_STANDIN_NO_INITIALIZE=1 never answers initialize; unsupported control requests get the error reply")
    void silentInitializeAndUnsupportedRequests() throws Exception {
        WorkerPipes w = start(HOST_ARGV, Map.of("BLACKBOX_STANDIN_NO_INITIALIZE", "1"));
        w.send(initialize("req_init_1"));
        w.send("{\"type\":\"control_request\",\"request_id\":\"req_x\",\"request\":{\"subtype\":\"rewind_files\"}}");
        JsonNode reply = w.awaitType("control_response", null, WAIT);
        assertThat(reply.path("response").path("request_id").asText()).isEqualTo("req_x");
        assertThat(reply.path("response").path("error").asText()).isEqualTo("Unsupported control request subtype: rewind_files");
        assertThat(w.framesOut()).hasSize(1);
        w.closeStdin();
        assertThat(w.awaitExit(WAIT)).isZero();
    }

    @Test
    @DisplayName("Without stream-json output the stand-in refuses to start with one line and status 1; --version prints the version")
    void argv() throws Exception {
        WorkerPipes bad = start(List.of("-p", "hello"), Map.of());
        assertThat(bad.awaitExit(WAIT)).isEqualTo(1);
        assertThat(bad.stderr().strip().lines()).hasSize(1);
        WorkerPipes version = start(List.of("--version"), Map.of());
        assertThat(version.awaitExit(WAIT)).isZero();
        assertThat(version.transcript()).anyMatch(l -> l.text().equals("2.1.330 (Claude Code stdio stand-in)"));
    }
}
