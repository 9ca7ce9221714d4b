package dev.blackbox.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.frames.FrameMix;

import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;

/**
 * Reads a scenario written as JSON Lines: one step per line, {@code #} comments, blank lines, an
 * optional {@code {"params": {...}}} header that declares parameters and their defaults, and an
 * optional {@code {"options": {...}}} header. {@code ${param:NAME}} is replaced in the text of each
 * line before it is parsed, so a parameter can stand for a number ({@code "count": ${param:count}}).
 */
final class ScenarioParser {

    private static final Pattern PARAM = Pattern.compile("\\$\\{param:([A-Za-z0-9_]+)}");
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private ScenarioParser() {
    }

    static Scenario parse(String name, String text, Map<String, String> overrides) {
        Map<String, String> params = new LinkedHashMap<>();
        Boolean echoReplay = null;
        boolean unattended = false;
        List<Step> steps = new ArrayList<>();
        boolean headersAllowed = true;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            int lineNo = i + 1;
            try {
                if (headersAllowed && line.startsWith("{\"params\"")) {
                    params.putAll(readParams(parseJson(line).get("params")));
                    continue;
                }
                if (headersAllowed && line.startsWith("{\"options\"")) {
                    StepFields options = new StepFields("options", parseJson(line).get("options"));
                    echoReplay = readEchoReplay(options);
                    unattended = readUnattended(options);
                    options.noOthers();
                    continue;
                }
                if (headersAllowed) {
                    headersAllowed = false;
                    applyOverrides(name, params, overrides);
                }
                steps.add(parseStep(parseJson(fillParams(line, params))));
            } catch (ScenarioException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ScenarioException("scenario " + name + " line " + lineNo + ": " + e.getMessage());
            }
        }
        if (headersAllowed) {
            applyOverrides(name, params, overrides);
        }
        if (steps.isEmpty()) {
            throw new ScenarioException("scenario " + name + " has no steps");
        }
        return new Scenario(name, params, echoReplay, steps, unattended);
    }

    private static void applyOverrides(String name, Map<String, String> params, Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (!params.containsKey(e.getKey())) {
                throw new ScenarioException("scenario " + name + ": unknown parameter \"" + e.getKey() + "\""
                        + (params.isEmpty() ? " (this scenario takes none)" : " (it takes: " + String.join(", ", params.keySet()) + ")"));
            }
            params.put(e.getKey(), e.getValue());
        }
    }

    private static Map<String, String> readParams(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("\"params\" must be an object of name: default value");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        return out;
    }

    private static Boolean readEchoReplay(StepFields f) {
        JsonNode echo = f.node("echo_replay");
        if (echo != null && !echo.isBoolean()) {
            throw new IllegalArgumentException("options \"echo_replay\" must be true or false");
        }
        return echo == null ? null : echo.asBoolean();
    }

    private static boolean readUnattended(StepFields f) {
        JsonNode unattended = f.node("unattended");
        if (unattended != null && !unattended.isBoolean()) {
            throw new IllegalArgumentException("options \"unattended\" must be true or false");
        }
        return unattended != null && unattended.asBoolean();
    }

    /** Replaces {@code ${param:NAME}} with the value, JSON-escaped so it is safe inside a string too. */
    private static String fillParams(String line, Map<String, String> params) {
        Matcher m = PARAM.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = params.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("${param:" + m.group(1) + "} is not declared in the {\"params\": {...}} header");
            }
            String escaped = FrameJson.write(TextNode.valueOf(value));
            m.appendReplacement(out, Matcher.quoteReplacement(escaped.substring(1, escaped.length() - 1)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode parseJson(String line) {
        try {
            return FrameJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    static Step parseStep(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("a step is an object with exactly one key, the step name, e.g. {\"pause\": {\"ms\": 100}}");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        String step = only.getKey();
        JsonNode args = only.getValue();
        return switch (step) {
            case "send" -> send(args);
            case "send_raw" -> {
                if (!args.isTextual()) {
                    throw new IllegalArgumentException("send_raw takes a string: the exact text of the frame");
                }
                Template.checkString(args.asText());
                yield new Step.SendRaw(args.asText());
            }
            case "send_binary" -> {
                if (!args.isTextual()) {
                    throw new IllegalArgumentException("send_binary takes a base64 string");
                }
                try {
                    yield new Step.SendBinary(Base64.getDecoder().decode(args.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("send_binary: not valid base64: " + e.getMessage());
                }
            }
            case "send_huge" -> {
                StepFields f = new StepFields(step, args);
                int bytes = (int) f.number("bytes", 16 * 1024 * 1024, 1024, MAX_FRAME);
                f.noOthers();
                yield new Step.SendHuge(bytes);
            }
            case "pause" -> {
                if (args.isNumber()) {
                    yield new Step.Pause(nonNegative(step, args.asLong()));
                }
                StepFields f = new StepFields(step, args);
                long ms = f.number("ms", -1, 0, Long.MAX_VALUE);
                f.noOthers();
                if (ms < 0) {
                    throw new IllegalArgumentException("pause needs \"ms\"");
                }
                yield new Step.Pause(ms);
            }
            case "keep_alive" -> {
                new StepFields(step, args).noOthers();
                yield new Step.KeepAlive();
            }
            case "await_permission", "await_response" -> awaitAnswer(step, args);
            case "cancel_request" -> {
                StepFields f = new StepFields(step, args);
                String id = f.string("request_id", null);
                f.noOthers();
                yield new Step.CancelRequest(id);
            }
            case "replay_pending" -> {
                new StepFields(step, args).noOthers();
                yield new Step.ReplayPending();
            }
            case "await_user_message" -> {
                StepFields f = new StepFields(step, args);
                long timeout = f.number("timeout_ms", 0, 0, Long.MAX_VALUE);
                f.noOthers();
                yield new Step.AwaitUserMessage(timeout);
            }
            case "close" -> {
                StepFields f = new StepFields(step, args);
                int code = closeCode(step, f.number("code", 1000, 1000, 4999));
                String reason = closeReason(step, f.string("reason", ""));
                boolean waitForResubscribe = f.bool("wait", true);
                f.noOthers();
                yield new Step.Close(code, reason, waitForResubscribe);
            }
            case "go_stale" -> {
                new StepFields(step, args).noOthers();
                yield new Step.GoStale();
            }
            case "reject_subscribes" -> {
                StepFields f = new StepFields(step, args);
                int count = (int) f.number("count", 1, 1, 1000);
                int code = closeCode(step, f.number("code", 4001, 1000, 4999));
                String reason = closeReason(step, f.string("reason", "session not found"));
                f.noOthers();
                yield new Step.RejectSubscribes(count, code, reason);
            }
            case "burst" -> {
                StepFields f = new StepFields(step, args);
                int count = (int) f.number("count", 100, 0, Integer.MAX_VALUE);
                double rate = f.decimal("rate", 0);
                String mix = f.string("mix", "stream_event:55,assistant:15,tool_use:5,tool_result:10,tool_progress:10,task_progress:5");
                int min = (int) f.number("min_bytes", 200, 0, MAX_FRAME);
                int max = (int) f.number("max_bytes", 20_000, 0, MAX_FRAME);
                long seed = f.number("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
                f.noOthers();
                FrameMix.parse(mix);
                if (min > max) {
                    throw new IllegalArgumentException("burst min_bytes " + min + " is above max_bytes " + max);
                }
                yield new Step.Burst(count, rate, mix, min, max, seed);
            }
            case "stop" -> {
                StepFields f = new StepFields(step, args);
                long code = f.number("code", 0, 0, 4999);
                String reason = closeReason(step, f.string("reason", "session ended"));
                f.noOthers();
                yield new Step.Stop(code == 0 ? 0 : closeCode(step, code), reason);
            }
            default -> throw new IllegalArgumentException("unknown step \"" + step + "\" (known: send, send_raw, send_binary, "
                    + "send_huge, pause, keep_alive, await_permission, await_response, cancel_request, replay_pending, "
                    + "await_user_message, close, go_stale, reject_subscribes, burst, stop)");
        };
    }

    private static Step send(JsonNode frame) {
        if (FrameJson.typeOf(frame) == null) {
            throw new IllegalArgumentException("send takes a JSON object with a string \"type\"; use send_raw for anything else");
        }
        return new Step.Send(Template.of(frame));
    }

    private static Step awaitAnswer(String step, JsonNode args) {
        StepFields f = new StepFields(step, args);
        String id = f.string("request_id", null);
        long timeout = f.number("timeout_ms", 0, 0, Long.MAX_VALUE);
        Map<Step.Outcome, List<Step>> branches = new EnumMap<>(Step.Outcome.class);
        for (Step.Outcome outcome : Step.Outcome.values()) {
            JsonNode branch = f.node(outcome.key());
            if (branch == null) {
                continue;
            }
            if (!branch.isArray()) {
                throw new IllegalArgumentException(step + " \"" + outcome.key() + "\" must be an array of steps");
            }
            List<Step> steps = new ArrayList<>();
            branch.forEach(s -> steps.add(parseStep(s)));
            branches.put(outcome, List.copyOf(steps));
        }
        f.noOthers();
        return new Step.AwaitAnswer(id, timeout, branches);
    }

    private static int closeCode(String step, long code) {
        if (code == 1005 || code == 1015 || (code > 1015 && code < 3000) || code == 1004) {
            throw new IllegalArgumentException(step + " code " + code + " cannot be used in a close frame");
        }
        return (int) code;
    }

    /** A close frame has room for 123 bytes of reason. */
    private static String closeReason(String step, String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException(step + " reason is longer than the 123 bytes a close frame can carry");
        }
        return reason;
    }

    private static long nonNegative(String step, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(step + " must be >= 0");
        }
        return n;
    }
}
