package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonObject;

/**
 * The body of {@code blackbox.session.<id>.decide}, validated: every problem is a 400 that names
 * the field. {@code via} defaults to {@code bus}; consoles and policies set their own. An allow may
 * carry {@code always} ({@code true}, or input field to regex): it also makes a session rule that
 * answers later matching requests ({@link SessionRule}).
 */
public record DecideRequest(String requestId, Decision decision, SessionRule.Spec always) {

    /** A body that cannot be a decision; {@code field} is the offending key. */
    public static final class Invalid extends RuntimeException {
        public final String field;
        public final String requestId;

        Invalid(String field, String requestId, String message) {
            super(message);
            this.field = field;
            this.requestId = requestId;
        }
    }

    public static DecideRequest parse(JsonObject body) {
        if (body == null) {
            throw new Invalid("body", null, "the body must be a JSON object");
        }
        String requestId = string(body, "requestId", null, true);
        String decidedBy = string(body, "decidedBy", requestId, true);
        String behavior = string(body, "behavior", requestId, true);
        String via = string(body, "via", requestId, false);
        via = via == null ? "bus" : via;
        Object interrupt = body.getValue("interrupt");
        if (interrupt != null && !(interrupt instanceof Boolean)) {
            throw new Invalid("interrupt", requestId, "field 'interrupt' must be true or false");
        }
        switch (behavior) {
            case "allow" -> {
                Object input = body.getValue("updatedInput");
                if (input != null && !(input instanceof JsonObject)) {
                    throw new Invalid("updatedInput", requestId, "field 'updatedInput' must be a JSON object (the tool input to run)");
                }
                if (body.containsKey("message")) {
                    throw new Invalid("message", requestId, "field 'message' belongs to a deny, not an allow");
                }
                return new DecideRequest(requestId, Decision.allow((JsonObject) input, decidedBy, via),
                        SessionRule.Spec.parse(body.getValue("always"), requestId));
            }
            case "deny" -> {
                if (body.containsKey("updatedInput")) {
                    throw new Invalid("updatedInput", requestId, "field 'updatedInput' belongs to an allow, not a deny");
                }
                if (body.getValue("always") != null && !Boolean.FALSE.equals(body.getValue("always"))) {
                    throw new Invalid("always", requestId, "field 'always' belongs to an allow: a session rule only allows");
                }
                String message = string(body, "message", requestId, false);
                return new DecideRequest(requestId, Decision.deny(message == null ? "User denied permission" : message,
                        Boolean.TRUE.equals(interrupt), decidedBy, via), null);
            }
            default -> throw new Invalid("behavior", requestId, "field 'behavior' is '" + behavior + "': expected allow or deny");
        }
    }

    private static String string(JsonObject body, String field, String requestId, boolean required) {
        Object value = body.getValue(field);
        if (value == null) {
            if (required) {
                throw new Invalid(field, requestId, "field '" + field + "' is required");
            }
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw new Invalid(field, requestId, "field '" + field + "' must be a non-empty string");
        }
        return s;
    }
}
