package dev.blackbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code blackbox run} from the jar hosting the real Claude Code CLI 2.1.330, offline: each flow checks
 * that the journal holds exactly what crossed the worker's pipes, what happened on disk, and verify.
 */
class RunIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

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

    private Path policy(String name, String json) throws Exception {
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, json);
        return file;
    }

    /** The journal is the pipes, byte for byte, both ways. */
    private void assertJournalIsThePipes(List<JournalEntry> entries, String teed) throws Exception {
        assertThat(new String(OfflineClaude.asPipe(entries, EntryKind.FRAME_SENT))).as("stdin of the worker")
                .isEqualTo(new String(offline.stdinOf(teed)));
        assertThat(OfflineClaude.asPipe(entries, EntryKind.FRAME_RECEIVED)).as("stdout of the worker").isEqualTo(offline.stdoutOf(teed));
    }

    private void assertVerified(String session) throws Exception {
        Jar.Result verify = Jar.run("verify", session, "--journal", offline.journal.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    @DisplayName("Allow by policy: the Bash write runs, the journal is the pipes byte for byte, verify passes, the turn's text is printed, and the secret in the environment is nowhere")
    void allowByPolicy() throws Exception {
        Path allow = policy("allow", "{\"rules\":[{\"name\":\"echo-ok\",\"tool\":\"Bash\",\"input\":{\"command\":\"^echo \"},\"decision\":\"allow\"}]}");
        Process run = offline.jar(Map.of(), "run", "run", "--cli", offline.teed("w").toString(), "--cwd", offline.work.toString(),
                "--journal", offline.journal.toString(), "--session", "local_allow", "--policy", allow.toString(),
                "--prompt", "Please [[bash-write out.txt]]");
        offline.watch("w");
        assertThat(offline.awaitExit(run, "run")).as(offline.err("run")).isZero();

        assertThat(Files.readString(offline.work.resolve("out.txt"))).isEqualTo("hello\n");
        List<JournalEntry> entries = offline.journal("local_allow");
        assertJournalIsThePipes(entries, "w");
        JsonObject started = new JsonObject(entries.get(0).payloadText());
        assertThat(started.getString("transport")).isEqualTo("stdio");
        JsonObject worker = started.getJsonObject("worker");
        assertThat(worker.getString("cli")).isEqualTo(offline.root.resolve("w").toString());
        assertThat(worker.getString("version")).isEqualTo("2.1.330");
        assertThat(worker.getString("cwd")).isEqualTo(offline.work.toString());
        assertThat(worker.getJsonArray("argv").encode()).isEqualTo("[\"-p\",\"--verbose\",\"--output-format\",\"stream-json\","
                + "\"--input-format\",\"stream-json\",\"--permission-prompt-tool\",\"stdio\"]");
        assertThat(OfflineClaude.has(entries, EntryKind.FRAME_RECEIVED, "\"claude_code_version\":\"2.1.330\"")).isTrue();
        JsonObject decided = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(decided.getString("via")).isEqualTo("policy:echo-ok");
        assertThat(decided.getString("behavior")).isEqualTo("allow");
        JournalEntry exited = entries.stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED).findFirst().orElseThrow();
        assertThat(new JsonObject(exited.payloadText()).getInteger("exitCode")).isZero();
        assertThat(entries.get(entries.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
        assertThat(entries.get(entries.size() - 1).kind()).isEqualTo(EntryKind.CHECKPOINT); // the seal

        assertThat(offline.out("run")).isEqualTo("Done.\n");
        assertThat(offline.err("run")).contains("blackbox: session local_allow: Claude Code 2.1.330")
                .contains("the worker exited with status 0");
        assertVerified("local_allow");
        Jar.Result state = Jar.run("state", "local_allow", "--json", "--journal", offline.journal.toString());
        JsonObject s = new JsonObject(state.out());
        String workerSession = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("\"subtype\":\"init\""))
                .map(e -> new JsonObject(e.payloadText()).getString("session_id")).findFirst().orElseThrow();
        assertThat(s.getJsonObject("agent").getString("sessionId")).as("the worker's own session id").isEqualTo(workerSession);
        assertThat(s.getJsonObject("worker").getInteger("exitCode")).isZero();
        Jar.Result replay = Jar.run("replay", "local_allow", "--journal", offline.journal.toString());
        assertThat(replay.out()).contains("local worker " + offline.root.resolve("w") + " 2.1.330")
                .contains("Bash allowed by policy via policy:echo-ok").contains("worker exited with status 0");
        offline.assertSecretNowhere("run");
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Deny with a message: no file is written, and the message reaches the worker (it is in the next model request); a generated session id is printed")
    void denyWithAMessage() throws Exception {
        Path deny = policy("deny", "{\"rules\":[{\"name\":\"no-writes\",\"tool\":\"Bash\",\"decision\":\"deny\","
                + "\"message\":\"Not in this repository, says the policy\"}]}");
        Process run = offline.jar(Map.of(), "run", "run", "--cli", offline.teed("w").toString(), "--cwd", offline.work.toString(),
                "--journal", offline.journal.toString(), "--policy", deny.toString(), "--prompt", "Please [[bash-write out.txt]]");
        offline.watch("w");
        assertThat(offline.awaitExit(run, "run")).as(offline.err("run")).isZero();

        Matcher id = Pattern.compile("blackbox: session (local_\\S+): ").matcher(offline.err("run"));
        assertThat(id.find()).as(offline.err("run")).isTrue();
        String session = id.group(1);
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();
        JsonNode messages = offline.api.requests().get(1).json().path("messages");
        JsonNode block = messages.path(messages.size() - 1).path("content").path(0);
        assertThat(block.path("type").asText()).isEqualTo("tool_result");
        assertThat(block.path("is_error").asBoolean()).isTrue();
        assertThat(block.path("content").asText()).isEqualTo("Not in this repository, says the policy");
        List<JournalEntry> entries = offline.journal(session);
        assertJournalIsThePipes(entries, "w");
        assertThat(OfflineClaude.has(entries, EntryKind.FRAME_SENT, "\"message\":\"Not in this repository, says the policy\"")).isTrue();
        assertThat(offline.out("run")).startsWith("The tool call was refused: Not in this repository");
        assertVerified(session);
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Approve from another process: a second JVM answers over the cluster, the file appears, the journal names the approver")
    void approveOverTheCluster() throws Exception {
        Map<String, String> cluster = Map.of("BLACKBOX_CLUSTER_NAME", "blackbox-run-it-" + UUID.randomUUID());
        Process run = offline.jar(cluster, "run", "run", "--cluster", "--cluster-members", "127.0.0.1", "--cli",
                offline.teed("w").toString(), "--cwd", offline.work.toString(), "--journal", offline.journal.toString(),
                "--session", "local_cluster", "--prompt", "Please [[bash-write out.txt]]");
        offline.watch("w");
        String requestId = awaitPermissionRequest("local_cluster");

        Process approve = offline.jar(cluster, "approve", "permissions", "approve", requestId, "--cluster",
                "--cluster-members", "127.0.0.1", "--by", "it-approver");
        assertThat(offline.awaitExit(approve, "approve")).as(offline.err("approve")).isZero();
        assertThat(offline.awaitExit(run, "run")).as(offline.err("run")).isZero();

        assertThat(Files.readString(offline.work.resolve("out.txt"))).isEqualTo("hello\n");
        List<JournalEntry> entries = offline.journal("local_cluster");
        assertJournalIsThePipes(entries, "w");
        JsonObject decided = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(decided.getString("decidedBy")).isEqualTo("it-approver");
        assertThat(decided.getString("via")).isEqualTo("cli");
        assertVerified("local_cluster");
        offline.assertNoOtherTraffic();
    }

    @Test
    @DisplayName("Interrupt while a request is pending: the worker withdraws it, a late approval is refused and journaled, and SIGTERM ends the kept-open session with the worker's status")
    void interruptWhilePending() throws Exception {
        Map<String, String> cluster = Map.of("BLACKBOX_CLUSTER_NAME", "blackbox-run-it-" + UUID.randomUUID());
        Process run = offline.jar(cluster, "run", "run", "--cluster", "--cluster-members", "127.0.0.1", "--keep-open", "--cli",
                offline.teed("w").toString(), "--cwd", offline.work.toString(), "--journal", offline.journal.toString(),
                "--session", "local_interrupt", "--prompt", "Please [[bash-write out.txt]]");
        offline.watch("w");
        String requestId = awaitPermissionRequest("local_interrupt");

        Process interrupt = offline.jar(cluster, "interrupt", "interrupt", "local_interrupt", "--cluster", "--cluster-members",
                "127.0.0.1", "--by", "it-operator");
        assertThat(offline.awaitExit(interrupt, "interrupt")).as(offline.err("interrupt")).isZero();
        await().atMost(WAIT).until(() -> OfflineClaude.has(offline.journal("local_interrupt"), EntryKind.FRAME_RECEIVED,
                "\"type\":\"control_cancel_request\""));
        Process late = offline.jar(cluster, "late", "permissions", "approve", requestId, "--session", "local_interrupt",
                "--cluster", "--cluster-members", "127.0.0.1", "--by", "it-late");
        assertThat(offline.awaitExit(late, "late")).isEqualTo(1);
        assertThat(offline.err("late")).contains("refused (409)").contains("cancelled");
        await().atMost(WAIT).until(() -> OfflineClaude.has(offline.journal("local_interrupt"), EntryKind.FRAME_RECEIVED,
                "\"subtype\":\"error_during_execution\""));

        run.destroy(); // SIGTERM: stdin closed, the worker ends, its status is run's
        assertThat(offline.awaitExit(run, "run")).as(offline.err("run")).isEqualTo(1);
        assertThat(offline.err("run")).contains("the worker exited with status 1 (its last turn ended with an error)");
        assertThat(Files.exists(offline.work.resolve("out.txt"))).isFalse();
        List<JournalEntry> entries = offline.journal("local_interrupt");
        assertJournalIsThePipes(entries, "w");
        JsonObject refused = entries.stream().filter(e -> e.kind() == EntryKind.DECISION_REFUSED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(refused.getString("triedBy")).isEqualTo("it-late");
        assertThat(refused.getString("why")).isEqualTo("cancelled");
        assertThat(OfflineClaude.has(entries, EntryKind.INTERRUPT_REQUESTED, "it-operator")).isTrue();
        assertThat(entries).noneMatch(e -> e.kind() == EntryKind.PERMISSION_DECIDED);
        assertVerified("local_interrupt");
        offline.assertNoOtherTraffic();
    }

    private String awaitPermissionRequest(String session) {
        await().atMost(WAIT).until(() -> OfflineClaude.has(offline.journal(session), EntryKind.FRAME_RECEIVED, "\"can_use_tool\""));
        return offline.journal(session).stream()
                .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("\"can_use_tool\""))
                .map(e -> new JsonObject(e.payloadText()).getString("request_id")).findFirst().orElseThrow();
    }
}
