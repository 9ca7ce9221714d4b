package dev.blackbox.recorder.local;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.permissions.PolicyVerticle;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code blackbox-claude}'s transport between a fake application and the stdio stand-in, through real pipes. */
class PassThroughTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Vertx vertx;
    private StandIn standIn;
    private Path journal;
    private FakeApp app;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        standIn = new StandIn(dir);
        journal = dir.resolve("journal");
        app = new FakeApp();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private record Run(PassThrough spec, SessionRecorderVerticle recorder) {
    }

    private Run passThrough(String sessionId, WorkerCommand command, Policy policy) {
        PassThrough spec = new PassThrough(command, policy, app.stdin(), app.out, app.err);
        if (policy != null) {
            vertx.deployVerticle(new PolicyVerticle(policy, Set.of(sessionId))).await();
        }
        SessionRecorderVerticle r = new SessionRecorderVerticle(new SessionSettings(sessionId, journal, false, null, spec));
        vertx.deployVerticle(r).await();
        return new Run(spec, r);
    }

    private void finish(Run run) throws Exception {
        app.closeStdin();
        assertThat(run.recorder().ended().await()).isEqualTo(RecordingOutcome.ENDED);
        run.spec().drained().await();
        assertThat(app.out.isClosed()).as("the application sees the end of the worker's stdout").isTrue();
    }

    @Test
    @DisplayName("Both directions pass byte for byte and are journaled as they crossed; the application's own allow is journaled as the host's decision before it reaches the worker")
    void passesThroughAndRecordsTheHostsDecision() throws Exception {
        Run run = passThrough("sdk_allow", standIn.teed(), null);
        app.write(FakeApp.SDK_INITIALIZE, FakeApp.sdkPrompt("Please [[bash-write out.txt]] — ünïcödé"));
        JsonObject ask = app.await("can_use_tool", FakeApp.canUseTool(), WAIT);
        app.write(FakeApp.sdkAllow(ask));
        app.await("result", FakeApp.type("result"), WAIT);
        finish(run);

        List<JournalEntry> entries = StandIn.journal(journal, "sdk_allow");
        assertThat(app.out.bytes()).as("what the application read is what the worker wrote").isEqualTo(Files.readAllBytes(standIn.stdoutCopy));
        assertThat(StandIn.asPipe(entries, EntryKind.FRAME_RECEIVED)).isEqualTo(Files.readAllBytes(standIn.stdoutCopy));
        assertThat(app.written.toByteArray()).as("what the worker read is what the application wrote").isEqualTo(Files.readAllBytes(standIn.stdinCopy));
        assertThat(StandIn.asPipe(entries, EntryKind.FRAME_SENT)).isEqualTo(Files.readAllBytes(standIn.stdinCopy));

        JournalEntry decided = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).findFirst().orElseThrow();
        JsonObject d = new JsonObject(decided.payloadText());
        assertThat(d.getString("decidedBy")).isEqualTo("host");
        assertThat(d.getString("via")).isEqualTo("sdk");
        assertThat(d.getString("behavior")).isEqualTo("allow");
        JournalEntry next = entries.stream().filter(e -> e.seq() == decided.seq() + 1).findFirst().orElseThrow();
        assertThat(next.kind()).isEqualTo(EntryKind.FRAME_SENT);
        assertThat(next.payloadText()).isEqualTo(FakeApp.sdkAllow(ask));
        assertThat(Files.readString(standIn.work.resolve("out.txt"))).isEqualTo("hello\n");

        JsonObject started = new JsonObject(entries.get(0).payloadText());
        assertThat(started.getString("transport")).isEqualTo("stdio");
        assertThat(started.getJsonObject("worker").getString("host")).isEqualTo("application");
        assertThat(run.spec().report().exit().exitCode()).isZero();
        assertThat(JournalVerifier.verify(journal, "sdk_allow").ok()).isTrue();
    }

    @Test
    @DisplayName("A governing deny policy answers the request itself: the application never sees it, the file is not written, everything else passes")
    void policyOverridesTheApplication() throws Exception {
        Policy deny = Policy.parse(new JsonObject().put("rules", new JsonArray().add(new JsonObject()
                .put("name", "no-bash").put("tool", "Bash").put("decision", "deny").put("message", "Not on this machine"))));
        Run run = passThrough("sdk_policy", standIn.command(Map.of()), deny);
        app.write(FakeApp.SDK_INITIALIZE, FakeApp.sdkPrompt("Please [[bash-write out.txt]]"));
        app.await("result", FakeApp.type("result"), WAIT);
        finish(run);

        List<JournalEntry> entries = StandIn.journal(journal, "sdk_policy");
        assertThat(app.out.lines()).noneMatch(l -> l.contains("can_use_tool"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        entries.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && !e.payloadText().contains("\"can_use_tool\"")).forEach(e -> {
            expected.writeBytes(e.payload());
            expected.write('\n');
        });
        assertThat(app.out.bytes()).as("every other line reached the application").isEqualTo(expected.toByteArray());
        JsonObject d = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).map(e -> new JsonObject(e.payloadText()))
                .findFirst().orElseThrow();
        assertThat(d.getString("via")).isEqualTo("policy:no-bash");
        assertThat(d.getString("behavior")).isEqualTo("deny");
        assertThat(Files.exists(standIn.work.resolve("out.txt"))).isFalse();
    }

    @Test
    @DisplayName("First answer wins: an approver on the bus answers before the application, whose later answer is journaled as refused and not passed on")
    void aLosingAnswerIsRefusedAndNotSent() throws Exception {
        Run run = passThrough("sdk_race", standIn.command(Map.of()), null);
        app.write(FakeApp.SDK_INITIALIZE, FakeApp.sdkPrompt("Please [[bash-write out.txt]]"));
        JsonObject ask = app.await("can_use_tool", FakeApp.canUseTool(), WAIT);
        vertx.eventBus().request(Addresses.decide("sdk_race"), new JsonObject().put("requestId", ask.getString("request_id"))
                .put("behavior", "deny").put("message", "The approver says no").put("decidedBy", "approver")).await();
        app.write(FakeApp.sdkAllow(ask));
        app.await("result", FakeApp.type("result"), WAIT);
        finish(run);

        List<JournalEntry> entries = StandIn.journal(journal, "sdk_race");
        JsonObject refused = entries.stream().filter(e -> e.kind() == EntryKind.DECISION_REFUSED).map(e -> new JsonObject(e.payloadText()))
                .findFirst().orElseThrow();
        assertThat(refused.getString("triedBy")).isEqualTo("host");
        assertThat(refused.getString("why")).isEqualTo("already decided");
        assertThat(refused.getString("detail")).endsWith(FakeApp.sdkAllow(ask));
        assertThat(entries).filteredOn(e -> e.kind() == EntryKind.PERMISSION_DECIDED).hasSize(1);
        assertThat(entries).noneMatch(e -> e.kind() == EntryKind.FRAME_SENT && e.payloadText().contains("\"allow\""));
        assertThat(Files.exists(standIn.work.resolve("out.txt"))).isFalse();
    }

    @Test
    @DisplayName("The application's interrupt withdraws the request; the SDK's 'aborted' answer to it is journaled as refused, not as a decision")
    void anAnswerToAWithdrawnRequestIsNotADecision() throws Exception {
        Run run = passThrough("sdk_abort", standIn.command(Map.of()), null);
        app.write(FakeApp.SDK_INITIALIZE, FakeApp.sdkPrompt("Please [[bash-write out.txt]]"));
        JsonObject ask = app.await("can_use_tool", FakeApp.canUseTool(), WAIT);
        app.write("{\"request_id\":\"int_1\",\"type\":\"control_request\",\"request\":{\"subtype\":\"interrupt\"}}");
        app.await("control_cancel_request", FakeApp.type("control_cancel_request"), WAIT);
        app.write(FakeApp.sdkAborted(ask));
        app.await("result", FakeApp.type("result"), WAIT);
        finish(run);

        List<JournalEntry> entries = StandIn.journal(journal, "sdk_abort");
        JsonObject interrupt = entries.stream().filter(e -> e.kind() == EntryKind.INTERRUPT_REQUESTED).map(e -> new JsonObject(e.payloadText()))
                .findFirst().orElseThrow();
        assertThat(interrupt.getString("requestId")).isEqualTo("int_1");
        assertThat(interrupt.getString("requestedBy")).isEqualTo("host");
        JsonObject refused = entries.stream().filter(e -> e.kind() == EntryKind.DECISION_REFUSED).map(e -> new JsonObject(e.payloadText()))
                .findFirst().orElseThrow();
        assertThat(refused.getString("why")).isEqualTo("cancelled");
        assertThat(entries).noneMatch(e -> e.kind() == EntryKind.PERMISSION_DECIDED);
        assertThat(run.spec().report().exit().exitCode()).as("the last turn was interrupted").isEqualTo(1);
    }

    @Test
    @DisplayName("A worker that dies at once: its stderr reaches the application as it is and is journaled, and its status is the one reported")
    void stderrAndStatusPassThrough() throws Exception {
        Run run = passThrough("sdk_dies", standIn.command(Map.of("BLACKBOX_STANDIN_EXIT_AT_START", "5")), null);
        assertThat(run.recorder().ended().await()).isEqualTo(RecordingOutcome.ENDED);
        run.spec().drained().await();
        assertThat(run.spec().report().exit().exitCode()).isEqualTo(5);
        assertThat(new String(app.err.bytes())).isEqualTo("stdio stand-in: exiting at start with status 5, as asked\n");
        assertThat(StandIn.journal(journal, "sdk_dies")).anyMatch(e -> e.kind() == EntryKind.WORKER_STDERR
                && new JsonObject(e.payloadText()).getString("line").equals("stdio stand-in: exiting at start with status 5, as asked"));
    }
}
