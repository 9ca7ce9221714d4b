package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.TemplateScope;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated session: its subscribers, its scenario run, its event history and the worker's
 * view of pending requests. Lives on the simulator's event loop; only its {@link SessionLog} is
 * read from other threads.
 */
public final class SimulatedSession {

    /** How a subscribe attempt is turned away: accepted, then closed with this code. */
    public record Refusal(int code, String reason) {
    }

    private final String id;
    private final SessionLog log;
    private final boolean echoReplay;
    private final String createdAt = TemplateScope.now();
    private final String scenarioName;
    private final Subscribers subscribers;
    private final EventHistory history;
    private final PermissionTable permissions = new PermissionTable();
    private final UserInbox inbox = new UserInbox();
    private final TurnTracker turn = new TurnTracker();
    private final Outbox outbox;
    private final ScaledTimer timer;
    private final ScenarioRunner runner;
    private final Set<String> seenUserMessages = new HashSet<>();
    private int rejectsLeft;
    private Refusal rejectWith;
    private Refusal ended;

    public SimulatedSession(Vertx vertx, String id, Scenario scenario, SessionLog log, double timeScale, boolean echoReplay) {
        this.id = id;
        this.log = log;
        this.scenarioName = scenario.name();
        this.echoReplay = scenario.echoReplay() != null ? scenario.echoReplay() : echoReplay;
        this.subscribers = new Subscribers(log);
        this.history = new EventHistory(log);
        this.outbox = new Outbox(subscribers, history, permissions, turn, scenario.unattended());
        this.timer = new ScaledTimer(vertx, timeScale);
        this.runner = new ScenarioRunner(this, scenario);
    }

    public String id() {
        return id;
    }

    public SessionLog log() {
        return log;
    }

    // ---- subscribing ----

    /** For an authenticated subscribe: null to accept it, or how to turn it away. */
    public Refusal refusal() {
        if (ended != null) {
            return ended;
        }
        if (rejectsLeft > 0) {
            rejectsLeft--;
            return rejectWith;
        }
        return null;
    }

    /** A new subscriber; the scenario starts with the first one. */
    public void subscribed(Subscriber subscriber) {
        subscribers.add(subscriber);
        runner.start();
    }

    /** The socket closed; it counts as a client close when it was still subscribed. */
    public void closed(long connection, Short clientCode) {
        if (subscribers.remove(connection)) {
            log.clientClosed(connection, clientCode == null ? null : (int) clientCode);
        }
    }

    void rejectNextSubscribes(int count, int code, String reason) {
        rejectsLeft = count;
        rejectWith = new Refusal(code, reason);
    }

    /** The session is over: subscribers are closed with the code, and so is every later attempt. */
    void end(int code, String reason) {
        ended = new Refusal(code, reason);
        subscribers.closeAll(code, reason);
    }

    // ---- frames from clients ----

    public void receivedText(long connection, String text) {
        JsonNode first = FrameJson.parseOrNull(text);
        boolean auth = "auth".equals(FrameJson.typeOf(first));
        log.received(new ReceivedFrame(connection, auth ? redacted((ObjectNode) first) : text, null));
        if (first != null) {
            dispatch(first);
            return;
        }
        // one JSON object per frame is the protocol; NDJSON (several lines in one frame) is tolerated
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                dispatch(FrameJson.parseOrNull(line));
            }
        }
    }

    /** A binary frame is logged as bytes, then read as UTF-8 text like a Node client would. */
    public void receivedBinary(long connection, byte[] bytes) {
        log.received(new ReceivedFrame(connection, null, bytes));
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                dispatch(FrameJson.parseOrNull(line));
            }
        }
    }

    private void dispatch(JsonNode frame) {
        String type = FrameJson.typeOf(frame);
        if (type == null) {
            return;
        }
        switch (type) {
            case "control_response" -> permissions.answer(frame);
            case "control_request" -> controlRequest(frame);
            case "user" -> acceptUserEvent((ObjectNode) frame);
            default -> {
                // auth, keep_alive and anything newer: tolerated, nothing to do
            }
        }
    }

    private void controlRequest(JsonNode frame) {
        String requestId = FrameJson.text(frame, "request_id");
        String subtype = FrameJson.text(frame.get("request"), "subtype");
        if ("interrupt".equals(subtype)) {
            runner.interrupt(requestId);
            return;
        }
        ObjectNode reply = FrameJson.object().put("type", "control_response");
        reply.putObject("response").put("subtype", "error").put("request_id", requestId)
                .put("error", "Unsupported control request subtype: " + subtype);
        outbox.reply(Frame.of(reply));
    }

    private static String redacted(ObjectNode auth) {
        ObjectNode copy = auth.deepCopy();
        if (copy.get("credential") instanceof ObjectNode credential && credential.has("token")) {
            credential.put("token", "<redacted>");
        }
        return FrameJson.write(copy);
    }

    // ---- the HTTP API ----

    /**
     * A user event from {@code POST /events} (or written on the socket): echoed to subscribers
     * with its uuid, then again with {@code isReplay:true} when so configured, booked in the
     * history and handed to the scenario. A uuid seen before is only re-acknowledged as a replay,
     * like the worker does.
     */
    public ObjectNode acceptUserEvent(ObjectNode event) {
        if (FrameJson.text(event, "uuid") == null) {
            event.put("uuid", UUID.randomUUID().toString());
        }
        String uuid = event.get("uuid").asText();
        boolean duplicate = !seenUserMessages.add(uuid);
        if (!duplicate) {
            String text = FrameJson.write(event);
            history.add(uuid, text);
            outbox.echo(text);
        }
        if (echoReplay || duplicate) {
            ObjectNode replay = event.deepCopy();
            replay.put("isReplay", true);
            outbox.echo(FrameJson.write(replay));
        }
        if (!duplicate) {
            inbox.offer(event);
        }
        return event;
    }

    /** A {@code control_response} POSTed as an event (how bridge workers answer). */
    public void acceptControlResponse(JsonNode event) {
        permissions.answer(event);
    }

    /** @throws IllegalArgumentException for a cursor that names no event */
    public String historyPage(int limit, boolean anchorToLatest, String beforeId, String afterId) {
        return history.page(limit, anchorToLatest, beforeId, afterId).toJson();
    }

    /** The session as {@code GET /v1/sessions/{id}} shows it (a SessionResource, PROTOCOL.md 6.2). */
    public ObjectNode resource() {
        ObjectNode r = FrameJson.object();
        r.put("type", "session");
        r.put("id", id);
        r.put("title", "Simulated session (" + scenarioName + ")");
        r.put("session_status", ended != null ? "archived"
                : !permissions.pendingPermissions().isEmpty() ? "requires_action"
                : runner.busy() ? "running" : "idle");
        r.put("environment_id", "env_simulator");
        r.put("created_at", createdAt);
        r.put("updated_at", TemplateScope.now());
        ObjectNode context = r.putObject("session_context");
        context.putArray("sources").addObject().put("type", "git_repository")
                .put("url", "https://github.com/acme/app").put("revision", "main");
        context.put("cwd", "/home/user/app");
        context.putArray("outcomes");
        context.putNull("custom_system_prompt");
        context.putNull("append_system_prompt");
        context.put("model", turn.model());
        r.put("connection_status", subscribers.isEmpty() ? "disconnected" : "connected");
        r.put("subscriber_count", subscribers.size());
        r.put("history_events", history.size());
        return r;
    }

    // ---- for the runner ----

    Outbox outbox() {
        return outbox;
    }

    Subscribers subscribers() {
        return subscribers;
    }

    PermissionTable permissions() {
        return permissions;
    }

    UserInbox inbox() {
        return inbox;
    }

    TurnTracker turn() {
        return turn;
    }

    ScaledTimer timer() {
        return timer;
    }
}
