package dev.blackbox.recorder.permissions;

import dev.blackbox.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Answers permission requests by policy: the first matching rule allows or denies at once
 * ({@code via policy:RULE}); otherwise the request waits for a person, and if the policy has a
 * timeout, whatever is still pending then is decided {@code via timeout} — a distinct outcome.
 * It decides through the same bus address as a person would, so first answer wins for it too.
 *
 * <p>Deployed late (after requests arrived) it misses nothing: once its consumers are registered it
 * asks {@code blackbox.permissions.pending} and treats each pending request as newly arrived, its
 * timeout counted from when the request was received, not from now.
 */
public final class PolicyVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(PolicyVerticle.class);

    private final Policy policy;
    private final Set<String> sessions;
    private final Map<String, Long> timeouts = new HashMap<>();
    private final Set<String> handled = new HashSet<>();

    /** @param sessions the sessions this policy answers for (those recorded in this process) */
    public PolicyVerticle(Policy policy, Set<String> sessions) {
        this.policy = policy;
        this.sessions = Set.copyOf(sessions);
    }

    @Override
    public Future<?> start() {
        var requested = vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, this::requested);
        var resolved = vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_RESOLVED, m -> settled(m.body()));
        var cancelled = vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_CANCELLED, m -> settled(m.body()));
        return Future.all(requested.completion(), resolved.completion(), cancelled.completion())
                .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject())
                        .onSuccess(reply -> reply.body().getJsonArray("pending").forEach(r -> requested((JsonObject) r)))
                        .otherwiseEmpty()); // no recorder here yet: nothing is pending
    }

    private void requested(Message<JsonObject> message) {
        requested(message.body());
    }

    private void requested(JsonObject request) {
        String sessionId = request.getString("sessionId");
        if (!sessions.contains(sessionId) || request.getBoolean("viewerOnly", false)) {
            return;
        }
        String requestId = request.getString("requestId");
        if (!handled.add(key(sessionId, requestId))) {
            return; // heard both live and in the pending list
        }
        var verdict = policy.evaluate(request.getString("toolName"), request.getJsonObject("input"));
        if (verdict.isPresent()) {
            decide(sessionId, requestId, verdict.get().toDecision("policy:" + verdict.get().ruleName()));
        } else if (policy.timeout() != null) {
            long waitedMs = Math.max(0, (SystemTimeProvider.CLOCK.currentTimeMicros() - request.getLong("receivedAt", 0L)) / 1000);
            long timer = vertx.setTimer(Math.max(1, policy.timeout().after().toMillis() - waitedMs), id -> {
                timeouts.remove(key(sessionId, requestId));
                decide(sessionId, requestId, policy.timeout().verdict().toDecision("timeout"));
            });
            timeouts.put(key(sessionId, requestId), timer);
        }
    }

    private void settled(JsonObject body) {
        String key = key(body.getString("sessionId"), body.getString("requestId"));
        handled.remove(key);
        Long timer = timeouts.remove(key);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void decide(String sessionId, String requestId, Decision decision) {
        JsonObject body = new JsonObject()
                .put("requestId", requestId)
                .put("behavior", decision.behavior().wire())
                .put("decidedBy", decision.decidedBy())
                .put("via", decision.via());
        if (decision.message() != null) {
            body.put("message", decision.message());
        }
        if (decision.interrupt()) {
            body.put("interrupt", true);
        }
        vertx.eventBus().request(Addresses.decide(sessionId), body)
                .onFailure(e -> log.debug("policy decision for {} not applied: {}", requestId, e.getMessage()));
    }

    private static String key(String sessionId, String requestId) {
        return sessionId + "/" + requestId;
    }
}
