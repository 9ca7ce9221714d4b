package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import io.vertx.core.json.Json;

/**
 * Rules that decide some permission requests without a person. First matching rule wins; a rule
 * matches on the tool name (exact, or {@code *}) and on input fields, each a regex searched in the
 * field's value. Everything is checked when the file loads: a bad rule is one error naming it.
 *
 * <pre>
 * {"rules":[{"name":"read-only git","tool":"Bash","input":{"command":"^git (status|diff)"},"decision":"allow"},
 *           {"tool":"Bash","input":{"command":"rm -rf"},"decision":"deny","message":"not here"}],
 *  "default":"ask",
 *  "timeout":{"after":"PT10M","decision":"deny","message":"nobody answered","interrupt":true}}
 * </pre>
 */
public record Policy(List<Rule> rules, Verdict.Kind defaultDecision, Timeout timeout) {

    /** What a rule (or the default, or the timeout) says. {@code ASK} leaves the request to a person. */
    public record Verdict(Kind kind, String message, boolean interrupt, String ruleName) {
        public enum Kind { ALLOW, DENY, ASK }

        public Decision toDecision(String via) {
            return kind == Kind.ALLOW
                    ? Decision.allow(null, "policy", via)
                    : Decision.deny(message != null ? message : "Denied by policy", interrupt, "policy", via);
        }
    }

    public record Rule(String name, String tool, Map<String, Pattern> input, Verdict verdict) {
        /** The tool is named (or {@code *}) and every listed input field is present and matches its regex. */
        public boolean matches(String toolName, JsonObject requestInput) {
            if (!tool.equals("*") && !tool.equals(toolName)) {
                return false;
            }
            for (Map.Entry<String, Pattern> field : input.entrySet()) {
                Object value = requestInput == null ? null : requestInput.getValue(field.getKey());
                if (value == null) {
                    return false;
                }
                String text = value instanceof String s ? s : Json.encode(value);
                if (!field.getValue().matcher(text).find()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Decides requests nobody answered within {@code after}; {@code interrupt} by default for a deny. */
    public record Timeout(Duration after, Verdict verdict) {
    }

    public static final Policy ASK_EVERYTHING = new Policy(List.of(), Verdict.Kind.ASK, null);

    /** The verdict of the first matching rule, or the default; empty when it is ASK. */
    public Optional<Verdict> evaluate(String toolName, JsonObject input) {
        for (Rule rule : rules) {
            if (rule.matches(toolName, input)) {
                return rule.verdict().kind() == Verdict.Kind.ASK ? Optional.empty() : Optional.of(rule.verdict());
            }
        }
        return defaultDecision == Verdict.Kind.ASK ? Optional.empty()
                : Optional.of(new Verdict(defaultDecision, "Denied by the policy's default", false, "default"));
    }

    /** Parses and checks a policy document; every problem names the rule and the key. */
    public static Policy parse(JsonObject json) {
        List<Rule> rules = new ArrayList<>();
        Object rulesValue = json.getValue("rules");
        if (rulesValue != null && !(rulesValue instanceof JsonArray)) {
            throw new IllegalArgumentException("policy: 'rules' must be a list");
        }
        JsonArray array = rulesValue == null ? new JsonArray() : (JsonArray) rulesValue;
        for (int i = 0; i < array.size(); i++) {
            if (!(array.getValue(i) instanceof JsonObject r)) {
                throw new IllegalArgumentException("policy rule " + (i + 1) + ": must be an object");
            }
            String name = r.getString("name", "rule " + (i + 1));
            String where = "policy rule " + (i + 1) + (r.containsKey("name") ? " ('" + name + "')" : "");
            Object tool = r.getValue("tool");
            if (!(tool instanceof String t) || t.isBlank()) {
                throw new IllegalArgumentException(where + ": 'tool' is required: a tool name such as Bash, or *");
            }
            Map<String, Pattern> input = new LinkedHashMap<>();
            Object inputValue = r.getValue("input");
            if (inputValue != null) {
                if (!(inputValue instanceof JsonObject in)) {
                    throw new IllegalArgumentException(where + ": 'input' must map input field names to regexes");
                }
                for (String field : in.fieldNames()) {
                    Object regex = in.getValue(field);
                    if (!(regex instanceof String rx)) {
                        throw new IllegalArgumentException(where + ": input." + field + " must be a regex string");
                    }
                    try {
                        input.put(field, Pattern.compile(rx));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(where + ": input." + field + " is not a valid regex: "
                                + e.getDescription() + " near index " + e.getIndex());
                    }
                }
            }
            Verdict.Kind kind = kind(r.getValue("decision"), where + ": 'decision'");
            rules.add(new Rule(name, (String) tool, input,
                    new Verdict(kind, r.getString("message"), r.getBoolean("interrupt", false), name)));
            checkKeys(r, where, "name", "tool", "input", "decision", "message", "interrupt");
        }
        Verdict.Kind defaultKind = json.containsKey("default") ? kind(json.getValue("default"), "policy: 'default'") : Verdict.Kind.ASK;
        Timeout timeout = null;
        Object t = json.getValue("timeout");
        if (t != null) {
            if (!(t instanceof JsonObject to)) {
                throw new IllegalArgumentException("policy: 'timeout' must be an object like {\"after\":\"PT10M\",\"decision\":\"deny\"}");
            }
            Duration after;
            try {
                after = Duration.parse(to.getString("after", ""));
                if (after.isNegative() || after.isZero()) {
                    throw new DateTimeParseException("", "", 0);
                }
            } catch (DateTimeParseException | ClassCastException e) {
                throw new IllegalArgumentException("policy: timeout.after must be a positive ISO-8601 duration such as PT10M");
            }
            Verdict.Kind kind = to.containsKey("decision") ? kind(to.getValue("decision"), "policy: timeout.decision") : Verdict.Kind.DENY;
            if (kind == Verdict.Kind.ASK) {
                throw new IllegalArgumentException("policy: timeout.decision must be allow or deny");
            }
            boolean interrupt = to.getBoolean("interrupt", kind == Verdict.Kind.DENY);
            timeout = new Timeout(after, new Verdict(kind,
                    to.getString("message", "No one answered within " + after.toString().substring(2).toLowerCase()),
                    interrupt, "timeout"));
            checkKeys(to, "policy: timeout", "after", "decision", "message", "interrupt");
        }
        checkKeys(json, "policy", "rules", "default", "timeout");
        return new Policy(List.copyOf(rules), defaultKind, timeout);
    }

    private static Verdict.Kind kind(Object value, String where) {
        if (value instanceof String s) {
            switch (s) {
                case "allow":
                    return Verdict.Kind.ALLOW;
                case "deny":
                    return Verdict.Kind.DENY;
                case "ask":
                    return Verdict.Kind.ASK;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(where + " is '" + value + "': expected allow, deny or ask");
    }

    private static void checkKeys(JsonObject o, String where, String... known) {
        List<String> allowed = List.of(known);
        for (String key : o.fieldNames()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }
}
