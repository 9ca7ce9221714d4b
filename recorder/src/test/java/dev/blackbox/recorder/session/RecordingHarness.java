package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real simulator and a real recorder on loopback, with every delay scaled down 100x so the
 * protocol's 2 s / 30 s / 60 s timings run in tens of milliseconds.
 */
final class RecordingHarness {

    static final String TOKEN = "sk-ant-oat01-SECRET-test-token-do-not-leak";
    static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";
    static final double SCALE = 0.01;

    final Vertx vertx;
    final Path journalRoot;
    Simulator simulator;
    SessionRecorderVerticle recorder;

    RecordingHarness(Vertx vertx, Path journalRoot) {
        this.vertx = vertx;
        this.journalRoot = journalRoot;
    }

    static Scenario shipped(String name) {
        return Scenarios.load(name);
    }

    static Scenario inline(String name, String... steps) {
        return Scenario.parse(name, String.join("\n", steps));
    }

    Future<Simulator> startSimulator(String sessionId, Scenario scenario) {
        return startSimulator(SimulatorConfig.of(TOKEN, ORG, sessionId, scenario).withTimeScale(SCALE));
    }

    Future<Simulator> startSimulator(SimulatorConfig config) {
        return Simulator.start(vertx, config).onSuccess(s -> simulator = s);
    }

    SessionSettings settings(String sessionId) {
        return settings(sessionId, TOKEN, false, ReconnectMode.PERSISTENT);
    }

    SessionSettings settings(String sessionId, String token, boolean viewerOnly, ReconnectMode mode) {
        return settings(sessionId, token, viewerOnly, mode, ReconnectTimings.upstream().scaled(SCALE), null);
    }

    SessionSettings settings(String sessionId, String token, boolean viewerOnly, ReconnectMode mode, ReconnectTimings timings,
                             String initialPrompt) {
        return new SessionSettings(sessionId, journalRoot, viewerOnly, initialPrompt,
                new RemoteSession(URI.create(simulator.baseUrl()), ORG, TokenSource.of(token), mode, timings));
    }

    Future<SessionRecorderVerticle> record(SessionSettings settings) {
        SessionRecorderVerticle r = new SessionRecorderVerticle(settings);
        recorder = r;
        return vertx.deployVerticle(r).map(id -> r);
    }

    // ---- the session's bus addresses, as any approver or console would use them ----

    Future<Long> decide(String requestId, Decision d) {
        JsonObject body = new JsonObject().put("requestId", requestId).put("behavior", d.behavior().wire())
                .put("decidedBy", d.decidedBy()).put("via", d.via());
        if (d.updatedInput() != null) {
            body.put("updatedInput", d.updatedInput());
        }
        if (d.behavior() == Decision.Behavior.DENY) {
            body.put("message", d.message()).put("interrupt", d.interrupt());
        }
        return ask(Addresses.decide(recorder.sessionId()), body).map(r -> r.getLong("journalSeq"));
    }

    Future<List<JsonObject>> pending() {
        return ask(Addresses.sessionPending(recorder.sessionId()), null)
                .map(r -> r.getJsonArray("pending").stream().map(JsonObject.class::cast).toList());
    }

    Future<JsonObject> send(String text, String sentBy) {
        return ask(Addresses.send(recorder.sessionId()), new JsonObject().put("text", text).put("sentBy", sentBy));
    }

    Future<String> interrupt(String requestedBy) {
        return ask(Addresses.interrupt(recorder.sessionId()), new JsonObject().put("requestedBy", requestedBy))
                .map(r -> r.getString("requestId"));
    }

    Future<JsonObject> status() {
        return ask(Addresses.status(recorder.sessionId()), null);
    }

    Future<Void> reconnect() {
        return ask(Addresses.reconnect(recorder.sessionId()), null).mapEmpty();
    }

    private Future<JsonObject> ask(String address, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body());
    }

    /** Completes once the condition holds, checking every 5 ms (an await, not a fixed wait). */
    Future<Void> until(java.util.function.BooleanSupplier condition) {
        return condition.getAsBoolean() ? Future.succeededFuture() : vertx.timer(5).compose(t -> until(condition));
    }

    /** Completes once the recorder has journaled every frame the simulator has sent so far. */
    Future<Void> framesJournaled(String sessionId) {
        long sent = simulator.session(sessionId).sentCount();
        return status().compose(s -> s.getLong("framesReceived") >= sent
                ? Future.<Void>succeededFuture() : vertx.timer(5).compose(t -> framesJournaled(sessionId)));
    }

    /** The scenario ran to its end and every frame it sent is in the journal. */
    Future<Void> scenarioRecorded(String sessionId) {
        return simulator.scenarioFinished(sessionId).compose(v -> framesJournaled(sessionId));
    }

    long count(String sessionId, EntryKind kind) {
        return journal(sessionId).stream().filter(e -> e.kind() == kind).count();
    }

    List<JournalEntry> journal(String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journalRoot, sessionId)) {
            JournalEntry e;
            while ((e = reader.next()) != null) {
                out.add(e);
            }
        }
        return out;
    }

    static List<String> payloads(List<JournalEntry> entries, EntryKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).map(JournalEntry::payloadText).toList();
    }

    static List<EntryKind> kinds(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::kind).toList();
    }
}
