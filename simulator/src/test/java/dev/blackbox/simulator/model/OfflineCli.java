package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.pipes.SocketWatch;
import dev.blackbox.simulator.pipes.Tripwire;
import dev.blackbox.simulator.pipes.WorkerPipes;
import dev.blackbox.simulator.scenario.FrameJson;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Claude Code CLI from {@code bin/install-test-deps}'s npm cache, run offline: the scripted Messages API
 * behind {@code ANTHROPIC_BASE_URL}, a fresh {@code HOME}, {@code TMPDIR} and working directory, any
 * HTTP proxying sent to a {@link Tripwire}, and a {@link SocketWatch} on the process tree.
 */
final class OfflineCli implements AutoCloseable {

    /** How a host starts the worker (the argv). */
    static final List<String> HOST_ARGV = List.of("-p", "--verbose", "--output-format", "stream-json",
            "--input-format", "stream-json", "--permission-prompt-tool", "stdio");
    /** How the TypeScript Agent SDK 0.3.330 starts it when the application gives a canUseTool (no -p). */
    static final List<String> SDK_ARGV = List.of("--output-format", "stream-json", "--verbose",
            "--input-format", "stream-json", "--permission-prompt-tool=stdio");

    final Vertx vertx = Vertx.vertx();
    final ScriptedModelApi api;
    final Tripwire tripwire;
    final Path cli = TestDeps.claudeCli();
    final Path root;
    final Path home;
    final Path tmp;
    final Path work;
    private final List<SocketWatch> watches = new ArrayList<>();
    private final List<WorkerPipes> workers = new ArrayList<>();

    OfflineCli(Path root, ModelApiConfig config) throws IOException {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        this.work = Files.createDirectories(root.resolve("work"));
        this.api = ScriptedModelApi.start(vertx, config).await();
        this.tripwire = Tripwire.start(vertx).await();
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>(OfflineWorkerEnv.forCli(api.baseUrl(), home, tmp));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            env.put(proxy, tripwire.url());
        }
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        return env;
    }

    WorkerPipes launch(List<String> args) throws IOException {
        return launch(args, env());
    }

    WorkerPipes launch(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(args);
        WorkerPipes worker = WorkerPipes.start(command, env, work);
        workers.add(worker);
        watches.add(SocketWatch.of(worker.pid()));
        return worker;
    }

    /** The only traffic was streamed POST /v1/messages?beta=true to the scripted API over loopback. */
    /** The watch is not blind: during a long turn it sees the worker's connection to the scripted API. */
    void assertWatchSeesTheApi() {
        assertThat(watches).anySatisfy(w -> assertThat(w.peers()).as("the socket watch sees the API's connection")
                .anyMatch(peer -> peer.startsWith("127.0.0.1:" + api.port() + " ")));
    }

    void assertNoOtherTraffic() throws InterruptedException {
        for (SocketWatch w : watches) {
            w.close();
            // every peer the watch saw is the scripted API; a connection shorter than its poll can slip past it,
            // so whether it sees the API at all is checked where a turn stalls long enough (assertWatchSeesTheApi)
            assertThat(w.peers()).as("IP peers of the worker and its children (the watch sees the API's)")
                    .allSatisfy(peer -> assertThat(peer).startsWith("127.0.0.1:" + api.port() + " "));
        }
        assertThat(api.unexpected()).as("requests other than a streamed POST /v1/messages?beta=true").isEmpty();
        assertThat(tripwire.attempts()).as("HTTP calls the worker tried through a proxy").isEmpty();
    }

    /** For runs the tests do not watch socket by socket: the API saw only streamed messages, the tripwire nothing. */
    void assertApiOnly() {
        assertThat(api.unexpected()).as("requests other than a streamed POST /v1/messages?beta=true").isEmpty();
        assertThat(tripwire.attempts()).as("HTTP calls the worker tried through a proxy").isEmpty();
    }

    static ObjectNode initialize(String requestId) {
        ObjectNode f = FrameJson.object().put("request_id", requestId).put("type", "control_request");
        f.set("request", FrameJson.object().put("subtype", "initialize"));
        return f;
    }

    static ObjectNode userMessage(String text) {
        ObjectNode message = FrameJson.object().put("role", "user");
        message.putArray("content").addObject().put("type", "text").put("text", text);
        ObjectNode f = FrameJson.object().put("type", "user").put("session_id", "");
        f.putNull("parent_tool_use_id");
        f.set("message", message);
        return f;
    }

    static ObjectNode allow(String requestId, com.fasterxml.jackson.databind.JsonNode input) {
        return permissionAnswer(requestId, FrameJson.object().put("behavior", "allow").set("updatedInput", input));
    }

    static ObjectNode deny(String requestId, String message) {
        return permissionAnswer(requestId, FrameJson.object().put("behavior", "deny").put("message", message));
    }

    static ObjectNode interrupt(String requestId) {
        ObjectNode f = FrameJson.object().put("request_id", requestId).put("type", "control_request");
        f.set("request", FrameJson.object().put("subtype", "interrupt"));
        return f;
    }

    private static ObjectNode permissionAnswer(String requestId, ObjectNode result) {
        ObjectNode response = FrameJson.object().put("subtype", "success").put("request_id", requestId);
        response.set("response", result);
        ObjectNode f = FrameJson.object().put("type", "control_response");
        f.set("response", response);
        return f;
    }

    /** Keeps the frames of a run under target/real-cli/ (paths of this run replaced by $ROOT). */
    void save(WorkerPipes worker, String name) throws IOException {
        Path file = Path.of("target", "real-cli", name + ".jsonl");
        worker.saveTranscript(file);
        Files.writeString(file, Files.readString(file).replace(root.toAbsolutePath().toString(), "$ROOT"));
    }

    @Override
    public void close() {
        workers.forEach(WorkerPipes::close);
        vertx.close().await();
    }
}
