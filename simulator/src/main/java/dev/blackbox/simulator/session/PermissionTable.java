package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.Step.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The control requests the simulated worker has sent and not yet seen settled, like the worker's
 * own table: the first answer settles a request; answers to unknown, answered or withdrawn ids
 * are ignored (they are still in the received-frames log). An answer that arrives before the
 * scenario waits for it is kept until it does.
 */
final class PermissionTable {

    /** A request sent to the client and not settled yet. */
    record Pending(String requestId, String subtype, String toolName, String toolUseId, JsonNode input, String frameText) {
    }

    /** How the client settled a request. */
    record Answer(Outcome outcome, Map<String, String> fields) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Answer> unclaimed = new HashMap<>();
    private final Map<String, Promise<Answer>> waiting = new HashMap<>();
    private final Set<String> withdrawn = new HashSet<>();

    /** Called for every frame written: tracks outgoing {@code control_request}s. */
    void observeSent(Frame frame) {
        JsonNode node = frame.node();
        if (!"control_request".equals(FrameJson.typeOf(node))) {
            return;
        }
        String id = FrameJson.text(node, "request_id");
        JsonNode request = node.get("request");
        if (id == null || request == null || pending.containsKey(id)) {
            return;
        }
        pending.put(id, new Pending(id, FrameJson.text(request, "subtype"), FrameJson.text(request, "tool_name"),
                FrameJson.text(request, "tool_use_id"), request.get("input"), frame.text()));
    }

    /** A {@code control_response} from a client. @return true when it settled a pending request */
    boolean answer(JsonNode controlResponse) {
        JsonNode response = controlResponse.get("response");
        String id = FrameJson.text(response, "request_id");
        if (id == null || pending.remove(id) == null) {
            return false;
        }
        Answer answer = toAnswer(response);
        Promise<Answer> waiter = waiting.remove(id);
        if (waiter != null) {
            waiter.complete(answer);
        } else {
            unclaimed.put(id, answer);
        }
        return true;
    }

    /** The worker withdraws a request. @return the pending entry, or null when it was not pending */
    Pending withdraw(String requestId) {
        Pending p = pending.remove(requestId);
        withdrawn.add(requestId);
        Promise<Answer> waiter = waiting.remove(requestId);
        if (waiter != null) {
            waiter.complete(new Answer(Outcome.CANCEL, Map.of()));
        }
        return p;
    }

    Future<Answer> awaitAnswer(String requestId) {
        Answer early = unclaimed.remove(requestId);
        if (early != null) {
            return Future.succeededFuture(early);
        }
        if (withdrawn.contains(requestId)) {
            return Future.succeededFuture(new Answer(Outcome.CANCEL, Map.of()));
        }
        Promise<Answer> p = Promise.promise();
        waiting.put(requestId, p);
        return p.future();
    }

    /** Gives up waiting (a timeout): a later answer is kept as unclaimed. */
    void stopWaiting(String requestId) {
        waiting.remove(requestId);
    }

    List<Pending> pending() {
        return new ArrayList<>(pending.values());
    }

    List<Pending> pendingPermissions() {
        return pending.values().stream().filter(p -> "can_use_tool".equals(p.subtype())).toList();
    }

    private static Answer toAnswer(JsonNode response) {
        Map<String, String> fields = new HashMap<>();
        if ("error".equals(FrameJson.text(response, "subtype"))) {
            fields.put("error", String.valueOf(FrameJson.text(response, "error")));
            fields.put("message", String.valueOf(FrameJson.text(response, "error")));
            return new Answer(Outcome.ERROR, fields);
        }
        JsonNode result = response.get("response");
        String behavior = FrameJson.text(result, "behavior");
        if (behavior != null) {
            fields.put("behavior", behavior);
        }
        String message = FrameJson.text(result, "message");
        if (message != null) {
            fields.put("message", message);
        }
        Outcome outcome = "allow".equals(behavior) ? Outcome.ALLOW : "deny".equals(behavior) ? Outcome.DENY : Outcome.SUCCESS;
        return new Answer(outcome, fields);
    }
}
