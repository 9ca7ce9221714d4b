package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * An answer to a permission request: allow (with the input to run, possibly edited) or deny (with
 * a message, optionally interrupting the turn). {@code via} says how it was made: cli, web, bus,
 * policy:NAME or timeout.
 */
public record Decision(Behavior behavior, JsonObject updatedInput, String message, boolean interrupt,
                       String decidedBy, String via) {

    public enum Behavior {
        ALLOW, DENY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Decision allow(JsonObject updatedInput, String decidedBy, String via) {
        return new Decision(Behavior.ALLOW, updatedInput, null, false, decidedBy, via);
    }

    public static Decision deny(String message, boolean interrupt, String decidedBy, String via) {
        return new Decision(Behavior.DENY, null, message, interrupt, decidedBy, via);
    }

    /**
     * The {@code control_response} frame for it, as PROTOCOL.md 4.3 gives it. An allow without
     * updatedInput sends the requested input back unchanged (the worker requires an object).
     */
    public JsonObject toControlResponse(String requestId, JsonObject requestedInput) {
        JsonObject answer = new JsonObject().put("behavior", behavior.wire());
        if (behavior == Behavior.ALLOW) {
            answer.put("updatedInput", updatedInput != null ? updatedInput : requestedInput);
        } else {
            answer.put("message", message != null ? message : "User denied permission");
            if (interrupt) {
                answer.put("interrupt", true);
            }
        }
        return new JsonObject()
                .put("type", "control_response")
                .put("response", new JsonObject()
                        .put("subtype", "success")
                        .put("request_id", requestId)
                        .put("response", answer));
    }
}
