package dev.blackbox.recorder.permissions;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * "Allow for the rest of this session": a rule made by a decision, answering later requests of the same
 * session at once. It matches like a policy rule ({@link Policy.Rule}: the tool, and each listed input
 * field's value searched with its regex); by default the fields are the request's own input, each
 * matched exactly, or the approver gives the patterns. Decisions it makes say {@code via rule:<id>}.
 */
public record SessionRule(String id, String tool, Map<String, String> input, String addedBy, String fromRequestId) {

    /** The {@code always} of a decide body: the same input ({@code true}), or patterns by field. */
    public record Spec(Map<String, String> patterns) {
        public static final Spec SAME_INPUT = new Spec(null);

        /** {@code true}, or an object of field to regex (each checked here); null when the body asks for no rule. */
        static Spec parse(Object always, String requestId) {
            if (always == null || Boolean.FALSE.equals(always)) {
                return null;
            }
            if (Boolean.TRUE.equals(always)) {
                return SAME_INPUT;
            }
            if (!(always instanceof JsonObject fields)) {
                throw new DecideRequest.Invalid("always", requestId,
                        "field 'always' must be true or an object of input field to regex, e.g. {\"command\":\"^git \"}");
            }
            Map<String, String> patterns = new LinkedHashMap<>();
            for (String field : fields.fieldNames()) {
                if (!(fields.getValue(field) instanceof String regex)) {
                    throw new DecideRequest.Invalid("always", requestId, "always." + field + " must be a regex (a string)");
                }
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new DecideRequest.Invalid("always", requestId, "always." + field + " is not a valid regex: "
                            + e.getDescription());
                }
                patterns.put(field, regex);
            }
            return new Spec(Map.copyOf(patterns));
        }
    }

    /** The rule a decision on this request makes: the request's tool, the spec's patterns or its exact input. */
    public static SessionRule of(Spec spec, PermissionRequest request, String addedBy) {
        Map<String, String> input = spec.patterns() != null ? spec.patterns() : exactly(request.input());
        return new SessionRule(UUID.randomUUID().toString().substring(0, 8), request.toolName(), input, addedBy, request.requestId());
    }

    /** Each field's value as a whole-value match: strings as they are, others as their JSON. */
    static Map<String, String> exactly(JsonObject input) {
        Map<String, String> out = new LinkedHashMap<>();
        if (input != null) {
            for (String field : input.fieldNames()) {
                Object v = input.getValue(field);
                out.put(field, "^" + Pattern.quote(v instanceof String s ? s : Json.encode(v)) + "$");
            }
        }
        return out;
    }

    public String via() {
        return "rule:" + id;
    }

    /** As a policy rule, for matching. */
    public Policy.Rule asPolicyRule() {
        Map<String, Pattern> compiled = new LinkedHashMap<>();
        input.forEach((field, regex) -> compiled.put(field, Pattern.compile(regex)));
        return new Policy.Rule(id, tool, compiled, new Policy.Verdict(Policy.Verdict.Kind.ALLOW, null, false, id));
    }
}
