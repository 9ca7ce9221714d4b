package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.permission.PermissionLifecycle;
import dev.blackbox.permission.Refusal;
import dev.blackbox.recorder.permissions.DecideRequest;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.permissions.PermissionRequest;
import dev.blackbox.recorder.permissions.SessionRule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.openhft.chronicle.core.time.SystemTimeProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Where one session's permission requests meet the event bus: the pending table (the shared
 * {@link PermissionLifecycle}), publishing requests, resolutions and cancellations, and the session's
 * own {@code decide} and {@code pending} consumers. First valid answer wins; every refused attempt is
 * journaled; a decision is journaled before its {@code control_response} is sent. An allow may add a
 * session rule ({@link SessionRule}, journaled as {@code POLICY_RULE_ADDED} before it takes effect),
 * which then answers matching requests as they arrive, {@code via rule:<id>}, without asking anyone.
 */
final class PermissionEdge {

    private final Vertx vertx;
    private final String sessionId;
    private final boolean viewerOnly;
    private final boolean anotherHostAnswers;
    private final JournalFirstWriter journal;
    private final SessionMeters meters;
    private final PermissionLifecycle<PermissionRequest> lifecycle = new PermissionLifecycle<>();
    /** "Allow for the rest of this session" rules, in the order they were made; journaled before they answer. */
    private final List<SessionRule> rules = new ArrayList<>();
    private List<MessageConsumer<Object>> consumers = List.of();

    /** @param anotherHostAnswers another program hosts the session and answers the control requests we do not handle */
    PermissionEdge(Vertx vertx, String sessionId, boolean viewerOnly, boolean anotherHostAnswers, JournalFirstWriter journal,
                   SessionMeters meters) {
        this.vertx = vertx;
        this.meters = meters;
        this.sessionId = sessionId;
        this.viewerOnly = viewerOnly;
        this.anotherHostAnswers = anotherHostAnswers;
        this.journal = journal;
    }

    /** The rules earlier runs of this recording made ({@link EarlierRules}), before anything is asked. */
    void restore(List<SessionRule> earlier) {
        rules.addAll(earlier);
    }

    /** Registers the session's consumers; completes when they are registered (cluster-wide). */
    Future<Void> start() {
        consumers = List.of(
                vertx.eventBus().consumer(Addresses.decide(sessionId), this::decide),
                vertx.eventBus().consumer(Addresses.sessionPending(sessionId), m -> m.reply(pendingJson())),
                vertx.eventBus().consumer(Addresses.knows(sessionId), m -> m.reply(new JsonObject().put("known",
                        m.body() instanceof JsonObject b && b.getValue("requestId") instanceof String id
                                && lifecycle.refusal(id) != Refusal.UNKNOWN))));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    Future<Void> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    /** A {@code control_request} from the session: a permission request, or a subtype we answer with an error. */
    void controlRequest(JsonObject frame, long seq) {
        String requestId = frame.getString("request_id");
        JsonObject request = frame.getJsonObject("request", new JsonObject());
        String subtype = request.getString("subtype");
        if ("can_use_tool".equals(subtype) && requestId != null) {
            PermissionRequest pr = PermissionRequest.fromFrame(sessionId, requestId, request, journal.lastTsMicros(), seq);
            if (lifecycle.when(new PermissionLifecycle.Requested(requestId), pr).change() == PermissionLifecycle.Change.OPENED) {
                SessionRule rule = viewerOnly || journal.refusalToSend("answers permissions") != null ? null : ruleFor(pr);
                if (rule != null) {
                    apply(pr, Decision.allow(null, rule.addedBy(), rule.via())); // answered at once: nobody is asked
                    return;
                }
                vertx.eventBus().publish(Addresses.PERMISSIONS_REQUESTED, pr.toJson().put("viewerOnly", viewerOnly));
                meters.pending(lifecycle.pending());
            }
            return;
        }
        if (!anotherHostAnswers && journal.refusalToSend("answers") == null) {
            journal.send(new JsonObject()
                    .put("type", "control_response")
                    .put("response", new JsonObject()
                            .put("subtype", "error")
                            .put("request_id", requestId)
                            .put("error", "Unsupported control request subtype: " + subtype))
                    .encode());
        }
    }

    /** The session withdrew a request ({@code control_cancel_request}): it is never answered after. */
    void cancelled(String requestId) {
        PermissionRequest cancelled = requestId == null ? null
                : lifecycle.when(new PermissionLifecycle.Cancelled(requestId)).request();
        meters.pending(lifecycle.pending());
        vertx.eventBus().publish(Addresses.PERMISSIONS_CANCELLED, new JsonObject()
                .put("sessionId", sessionId)
                .put("requestId", requestId)
                .put("toolUseId", cancelled == null ? null : cancelled.toolUseId()));
    }

    private void decide(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject json ? json : null;
        DecideRequest request;
        try {
            request = DecideRequest.parse(body);
        } catch (DecideRequest.Invalid e) {
            refuse(message, e.requestId, body != null && body.getValue("decidedBy") instanceof String s ? s : null,
                    Refusal.INVALID, e.getMessage());
            return;
        }
        String requestId = request.requestId();
        Decision decision = request.decision();
        if (viewerOnly) {
            refuse(message, requestId, decision.decidedBy(), Refusal.VIEWER_ONLY,
                    "session " + sessionId + " is recorded viewer-only: it never answers permissions");
            return;
        }
        Refusal refusal = lifecycle.refusal(requestId);
        if (refusal != null) {
            refuse(message, requestId, decision.decidedBy(), refusal, switch (refusal) {
                case UNKNOWN -> "no permission request " + requestId + " in session " + sessionId;
                case ALREADY_DECIDED -> "request " + requestId + " was already decided";
                case CANCELLED -> "request " + requestId + " was cancelled by the session";
                default -> refusal.why;
            });
            return;
        }
        String notSent = journal.refusalToSend("answers permissions");
        if (notSent != null) {
            message.fail(409, notSent);
            return;
        }
        PermissionRequest pending = lifecycle.pendingRequest(requestId);
        SessionRule rule = request.always() == null ? null : SessionRule.of(request.always(), pending, decision.decidedBy());
        if (rule != null && !addRule(rule)) {
            message.fail(500, "journal failure: rule not added, decision not sent");
            return;
        }
        long seq = apply(pending, decision);
        if (seq < 0) {
            message.fail(500, "journal failure: decision not sent");
            return;
        }
        JsonObject reply = new JsonObject()
                .put("sessionId", sessionId)
                .put("requestId", requestId)
                .put("behavior", decision.behavior().wire())
                .put("journalSeq", seq);
        if (rule != null) {
            reply.put("rule", new JsonObject().put("ruleId", rule.id()).put("tool", rule.tool()).put("input", new JsonObject(
                    new LinkedHashMap<>(rule.input()))));
            // requests already waiting that the new rule covers are answered by it too
            lifecycle.pending().stream().filter(p -> rule.asPolicyRule().matches(p.toolName(), p.input())).toList()
                    .forEach(p -> apply(p, Decision.allow(null, rule.addedBy(), rule.via())));
        }
        message.reply(reply);
    }

    /** Journals the rule (POLICY_RULE_ADDED) before it may answer anything; false when the journal failed. */
    private boolean addRule(SessionRule rule) {
        if (journal.record(new JournalRecord.PolicyRuleAdded(rule.id(), rule.tool(), rule.input(), "allow", rule.addedBy(),
                rule.fromRequestId())) < 0) {
            return false;
        }
        rules.add(rule);
        return true;
    }

    /** The first session rule that answers this request, or null. */
    private SessionRule ruleFor(PermissionRequest request) {
        for (SessionRule rule : rules) {
            if (rule.asPolicyRule().matches(request.toolName(), request.input())) {
                return rule;
            }
        }
        return null;
    }

    /** The decision's control_response, journaled and sent by {@link #apply(PermissionRequest, Decision, String)}. */
    private long apply(PermissionRequest pending, Decision decision) {
        return apply(pending, decision, decision.toControlResponse(pending.requestId(), pending.input()).encode());
    }

    /** Journals the decision, settles the request, tells the bus, then sends {@code frame}; the decision's seq, or -1. */
    private long apply(PermissionRequest pending, Decision decision, String frame) {
        String requestId = pending.requestId();
        long latency = SystemTimeProvider.CLOCK.currentTimeMicros() - pending.receivedAtMicros();
        long seq = journal.record(new JournalRecord.PermissionDecided(requestId, pending.toolUseId(), pending.toolName(),
                decision.behavior().wire(), Json.node(decision.updatedInput()), decision.message(),
                decision.interrupt() ? Boolean.TRUE : null, decision.decidedBy(), decision.via(), latency));
        if (seq < 0) {
            return -1;
        }
        lifecycle.when(new PermissionLifecycle.Decided(requestId));
        meters.pending(lifecycle.pending());
        meters.decided(decision.behavior().wire(), decision.via(), latency);
        vertx.eventBus().publish(Addresses.PERMISSIONS_RESOLVED, new JsonObject()
                .put("sessionId", sessionId)
                .put("requestId", requestId)
                .put("toolName", pending.toolName())
                .put("behavior", decision.behavior().wire())
                .put("decidedBy", decision.decidedBy())
                .put("via", decision.via())
                .put("latencyMicros", latency)
                .put("journalSeq", seq));
        journal.send(frame);
        return seq;
    }

    /** True when {@code requestId} is a permission request of this session (pending or not). */
    boolean knows(String requestId) {
        return requestId != null && lifecycle.refusal(requestId) != Refusal.UNKNOWN;
    }

    /**
     * The other host's own answer to one of this session's permission requests ({@code response}: the
     * control_response's {@code response}; {@code frame}: its exact text). If it is the first answer it is
     * journaled as the host's decision ({@code decidedBy host, via sdk}) and the frame is sent as it was
     * written; a later one (someone else decided first, or the session withdrew the request) is journaled
     * as refused, with the frame, and not sent.
     */
    void hostAnswered(String requestId, JsonObject response, String frame) {
        Refusal refusal = lifecycle.refusal(requestId);
        if (refusal != null) {
            journal.record(new JournalRecord.DecisionRefused(requestId, HOST, refusal.why,
                    "the host's answer was not sent to the session: " + frame));
            return;
        }
        if (journal.refusalToSend("answers permissions") != null) {
            journal.send(frame); // refused there too: journaled as not sent when the recording has ended
            return;
        }
        apply(lifecycle.pendingRequest(requestId), hostDecision(response), frame);
    }

    static final String HOST = "host";
    private static final String VIA_SDK = "sdk";

    /** What the host's answer says: allow (with its input), deny (with its message), or an error reply, read as a deny. */
    private static Decision hostDecision(JsonObject response) {
        JsonObject answer = response.getValue("response") instanceof JsonObject a ? a : new JsonObject();
        if ("success".equals(response.getValue("subtype")) && "allow".equals(answer.getValue("behavior"))) {
            return Decision.allow(answer.getValue("updatedInput") instanceof JsonObject in ? in : null, HOST, VIA_SDK);
        }
        Object message = "success".equals(response.getValue("subtype")) ? answer.getValue("message") : response.getValue("error");
        return Decision.deny(message instanceof String m ? m : null, Boolean.TRUE.equals(answer.getValue("interrupt")),
                HOST, VIA_SDK);
    }

    private void refuse(Message<Object> message, String requestId, String triedBy, Refusal why, String detail) {
        journal.record(new JournalRecord.DecisionRefused(requestId, triedBy, why.why, detail));
        meters.refused(why);
        message.fail(why.code, detail);
    }

    private JsonObject pendingJson() {
        JsonArray out = new JsonArray();
        lifecycle.pending().forEach(r -> out.add(r.toJson().put("viewerOnly", viewerOnly)));
        return new JsonObject().put("sessionId", sessionId).put("pending", out);
    }

    int pendingCount() {
        return lifecycle.pendingCount();
    }
}
