package dev.blackbox.recorder.local;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** {@code blackbox run}'s transport against the stdio stand-in, through real pipes and a real journal. */
class LocalWorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Vertx vertx;
    private StandIn standIn;
    private Path journal;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        standIn = new StandIn(dir);
        journal = dir.resolve("journal");
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private SessionRecorderVerticle record(String sessionId, LocalWorker worker) {
        SessionRecorderVerticle r = new SessionRecorderVerticle(new SessionSettings(sessionId, journal, false, null, worker));
        vertx.deployVerticle(r).await();
        return r;
    }

    private static LocalWorker worker(WorkerCommand command, List<String> prompts, Duration initTimeout, List<String> texts) {
        return new LocalWorker(command, "2.1.330", prompts, false, initTimeout, texts == null ? null : texts::add);
    }

    @Test
    @DisplayName("Two prompts: initialize first, each prompt after the result of the one before, stdin closed after the last, exit 0; the journal holds exactly what crossed both pipes")
    void promptsInTurnAndTheJournalIsThePipes() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        LocalWorker w = worker(standIn.teed(), List.of("Say hello", "What is here? [[read-only]]"), WAIT, texts);
        SessionRecorderVerticle r = record("local_two", w);
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);

        List<JournalEntry> entries = StandIn.journal(journal, "local_two");
        assertThat(StandIn.text(StandIn.asPipe(entries, EntryKind.FRAME_SENT))).isEqualTo(Files.readString(standIn.stdinCopy));
        assertThat(StandIn.asPipe(entries, EntryKind.FRAME_RECEIVED)).isEqualTo(Files.readAllBytes(standIn.stdoutCopy));
        List<JsonObject> sent = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_SENT).map(e -> new JsonObject(e.payloadText())).toList();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0).getJsonObject("request").getString("subtype")).isEqualTo("initialize");
        assertThat(sent.get(1).getJsonObject("message").getString("content")).isEqualTo("Say hello");
        assertThat(sent.get(2).getJsonObject("message").getString("content")).isEqualTo("What is here? [[read-only]]");
        // the second prompt went only after the first turn's result
        long firstResult = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("\"type\":\"result\""))
                .findFirst().orElseThrow().seq();
        long secondPrompt = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_SENT).skip(2).findFirst().orElseThrow().seq();
        assertThat(secondPrompt).isGreaterThan(firstResult);

        assertThat(entries.get(0).kind()).isEqualTo(EntryKind.RECORDING_STARTED);
        JsonObject started = new JsonObject(entries.get(0).payloadText());
        assertThat(started.getString("transport")).isEqualTo("stdio");
        assertThat(started.getJsonObject("worker").getString("version")).isEqualTo("2.1.330");
        assertThat(started.getJsonObject("worker").getString("cwd")).isEqualTo(standIn.work.toString());
        assertThat(started.getJsonObject("worker").getJsonArray("argv")).contains("--permission-prompt-tool", "stdio");
        List<EntryKind> tail = entries.subList(entries.size() - 4, entries.size()).stream().map(JournalEntry::kind).toList();
        assertThat(tail).containsExactly(EntryKind.WORKER_EXITED, EntryKind.DISCONNECTED, EntryKind.RECORDING_STOPPED,
                EntryKind.CHECKPOINT); // the seal
        JsonObject exited = new JsonObject(entries.get(entries.size() - 4).payloadText());
        assertThat(exited.getInteger("exitCode")).isZero();
        assertThat(exited.getBoolean("stdinClosed")).isTrue();
        assertThat(new JsonObject(entries.get(entries.size() - 2).payloadText()).getString("reason")) // before the seal
                .isEqualTo("ended: the worker exited with status 0");

        assertThat(w.report().initialized()).isTrue();
        assertThat(w.report().version()).isEqualTo("2.1.330");
        assertThat(w.report().exit().succeeded()).isTrue();
        assertThat(texts).hasSize(2);
        assertThat(JournalVerifier.verify(journal, "local_two").ok()).isTrue();
    }

    @Test
    @DisplayName("A permission request goes on the bus like a remote one; an approval is journaled before its answer and the file appears")
    void approvalOverTheBus() throws Exception {
        LocalWorker w = worker(standIn.command(Map.of()), List.of("Please [[bash-write out.txt]]"), WAIT, null);
        SessionRecorderVerticle r = record("local_allow", w);
        JsonObject request = awaitPending("local_allow");
        assertThat(request.getString("toolName")).isEqualTo("Bash");
        JsonObject reply = decide("local_allow", request.getString("requestId"), "allow", "tester");
        assertThat(reply.getString("behavior")).isEqualTo("allow");
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);
        assertThat(Files.readString(standIn.work.resolve("out.txt"))).isEqualTo("hello\n");

        List<JournalEntry> entries = StandIn.journal(journal, "local_allow");
        JournalEntry decided = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).findFirst().orElseThrow();
        JournalEntry answer = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_SENT && e.payloadText().contains("\"behavior\":\"allow\""))
                .findFirst().orElseThrow();
        assertThat(answer.seq()).isEqualTo(decided.seq() + 1);
        assertThat(new JsonObject(decided.payloadText()).getString("decidedBy")).isEqualTo("tester");
        assertThat(w.report().exit().exitCode()).isZero();
    }

    @Test
    @DisplayName("An interrupt while a request is pending: the worker withdraws it, a late approval is refused with 409 and journaled")
    void interruptWithdrawsThePendingRequest() throws Exception {
        LocalWorker w = new LocalWorker(standIn.command(Map.of()), null, List.of("Please [[bash-write out.txt]]"), true, WAIT, null);
        SessionRecorderVerticle r = record("local_interrupt", w);
        String requestId = awaitPending("local_interrupt").getString("requestId");
        vertx.eventBus().request(Addresses.interrupt("local_interrupt"), new JsonObject().put("requestedBy", "tester")).await();
        await().atMost(WAIT).until(() -> StandIn.journal(journal, "local_interrupt").stream()
                .anyMatch(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("control_cancel_request")));
        Throwable late = catchThrowable(() -> decide("local_interrupt", requestId, "allow", "too-late"));
        assertThat(late).isInstanceOf(ReplyException.class);
        assertThat(((ReplyException) late).failureCode()).isEqualTo(409);
        assertThat(r.ended().isComplete()).as("kept open after the last result").isFalse();
        w.finish();
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);

        List<JournalEntry> entries = StandIn.journal(journal, "local_interrupt");
        JsonObject refused = entries.stream().filter(e -> e.kind() == EntryKind.DECISION_REFUSED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(refused.getString("triedBy")).isEqualTo("too-late");
        assertThat(refused.getString("why")).isEqualTo("cancelled");
        assertThat(Files.exists(standIn.work.resolve("out.txt"))).isFalse();
        assertThat(w.report().lastResultError()).isTrue();
        assertThat(w.report().exit().exitCode()).as("the last turn ended with an error").isEqualTo(1);
    }

    @Test
    @DisplayName("A worker that never answers initialize is stopped with SIGTERM after the timeout, and the journal says why")
    void initializeTimesOut() throws Exception {
        LocalWorker w = worker(standIn.script("silent", "exec sleep 600"), List.of("hello"), Duration.ofSeconds(2), null);
        SessionRecorderVerticle r = record("local_noinit", w);
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);
        assertThat(w.report().initialized()).isFalse();
        assertThat(w.report().initFailure()).isEqualTo("the worker did not answer initialize within 2s");
        List<JournalEntry> entries = StandIn.journal(journal, "local_noinit");
        assertThat(new JsonObject(entries.get(entries.size() - 2).payloadText()).getString("reason")) // before the seal
                .isEqualTo("ended: the worker did not answer initialize within 2s");
        JsonObject exited = entries.stream().filter(e -> e.kind() == EntryKind.WORKER_EXITED)
                .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
        assertThat(exited.getString("signal")).isEqualTo("SIGTERM");
        assertThat(exited.getBoolean("stdinClosed")).isFalse();
        assertThat(entries).noneMatch(e -> e.kind() == EntryKind.FRAME_SENT && e.payloadText().contains("hello"));
    }

    @Test
    @DisplayName("A worker that exits at once: its status and stderr are journaled and reported, the recording ends")
    void exitsAtOnce() {
        LocalWorker w = worker(standIn.command(Map.of("BLACKBOX_STANDIN_EXIT_AT_START", "3")), List.of("hello"), WAIT, null);
        SessionRecorderVerticle r = record("local_dies", w);
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);
        assertThat(w.report().exit().exitCode()).isEqualTo(3);
        assertThat(w.report().initialized()).isFalse();
        assertThat(w.report().stderrTail()).containsExactly("stdio stand-in: exiting at start with status 3, as asked");
        List<JournalEntry> entries = StandIn.journal(journal, "local_dies");
        assertThat(entries).anyMatch(e -> e.kind() == EntryKind.WORKER_STDERR && e.payloadText().contains("exiting at start"));
        assertThat(new JsonObject(entries.get(entries.size() - 2).payloadText()).getString("reason")) // before the seal
                .isEqualTo("ended: the worker exited with status 3 before answering initialize");
    }

    @Test
    @DisplayName("A worker that cannot be started: one reason, journaled, and no exit status")
    void cannotStart() {
        WorkerCommand missing = new WorkerCommand(dir.resolve("no-such-claude"), List.of(), standIn.work, null);
        LocalWorker w = worker(missing, List.of("hello"), WAIT, null);
        SessionRecorderVerticle r = record("local_missing", w);
        assertThat(r.ended().await()).isEqualTo(RecordingOutcome.ENDED);
        assertThat(w.report().startFailure()).startsWith("the worker could not be started: Cannot run program");
        assertThat(w.report().exit()).isNull();
        List<EntryKind> kinds = StandIn.journal(journal, "local_missing").stream().map(JournalEntry::kind).toList();
        assertThat(kinds).containsExactly(EntryKind.RECORDING_STARTED, EntryKind.CONNECTING, EntryKind.CONNECTION_ERROR,
                EntryKind.DISCONNECTED, EntryKind.RECORDING_STOPPED, EntryKind.CHECKPOINT);
    }

    private JsonObject awaitPending(String sessionId) {
        await().atMost(WAIT).until(() -> !pending(sessionId).isEmpty());
        return pending(sessionId).getJsonObject(0);
    }

    private JsonArray pending(String sessionId) {
        return vertx.eventBus().<JsonObject>request(Addresses.sessionPending(sessionId), null).await().body().getJsonArray("pending");
    }

    private JsonObject decide(String sessionId, String requestId, String behavior, String by) {
        return vertx.eventBus().<JsonObject>request(Addresses.decide(sessionId), new JsonObject().put("requestId", requestId)
                .put("behavior", behavior).put("decidedBy", by)).await().body();
    }
}
