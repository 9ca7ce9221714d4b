package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.TemplateScope;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The frames a real worker writes when a turn is interrupted (shared/samples/
 * real-worker-interrupt-while-pending.jsonl): for a pending prompt, the rejected tool_result; for
 * a streaming answer, the assistant message marked {@code "aborted":true}; then the synthetic
 * "[Request interrupted by user…]" user frame and a {@code result} of subtype
 * {@code error_during_execution} with its {@code terminal_reason}.
 */
final class InterruptEnding {

    static final String REJECTED = "The user doesn't want to proceed with this tool use. The tool use was rejected "
            + "(eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and "
            + "wait for the user to tell you how to proceed.";

    private final String sessionId;

    InterruptEnding(String sessionId) {
        this.sessionId = sessionId;
    }

    /** The turn ends while prompts were pending: they count as rejected tool uses. */
    List<Frame> abortedTools(List<PermissionTable.Pending> withdrawn, TurnTracker turn) {
        List<Frame> frames = new ArrayList<>();
        for (PermissionTable.Pending p : withdrawn) {
            ObjectNode f = user();
            ObjectNode block = content(f).addObject();
            block.put("type", "tool_result");
            block.put("content", REJECTED);
            block.put("is_error", true);
            block.put("tool_use_id", p.toolUseId());
            tail(f);
            f.put("tool_use_result", "User rejected tool use");
            f.putArray("tool_result_meta").addObject().put("id", p.toolUseId()).put("non_execution_kind", "user-rejected");
            frames.add(Frame.of(f));
        }
        frames.add(synthetic("[Request interrupted by user for tool use]"));
        ObjectNode result = result(turn, "tool_use", "aborted_tools", "user", "n/a");
        ArrayNode denials = result.putArray("permission_denials");
        for (PermissionTable.Pending p : withdrawn) {
            ObjectNode d = denials.addObject();
            d.put("tool_name", p.toolName());
            d.put("tool_use_id", p.toolUseId());
            d.set("tool_input", p.input() == null ? FrameJson.object() : p.input().deepCopy());
        }
        frames.add(Frame.of(result));
        frames.add(idle());
        return frames;
    }

    /** The turn ends while the answer was streaming: the partial message is kept, marked aborted. */
    List<Frame> abortedStreaming(TurnTracker turn) {
        List<Frame> frames = new ArrayList<>();
        ObjectNode a = FrameJson.object();
        a.put("type", "assistant");
        ObjectNode m = a.putObject("message");
        m.put("id", turn.messageId() != null ? turn.messageId() : "msg_" + TemplateScope.randomId());
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", turn.model());
        m.putArray("content").addObject().put("type", "text").put("text", turn.streamedText());
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        ObjectNode usage = m.putObject("usage");
        usage.put("input_tokens", turn.inputTokens());
        usage.put("output_tokens", Math.max(1, turn.streamedText().length() / 4));
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        m.putNull("context_management");
        a.putNull("parent_tool_use_id");
        a.put("session_id", sessionId);
        a.put("uuid", UUID.randomUUID().toString());
        a.put("timestamp", TemplateScope.now());
        a.put("request_id", "req_" + TemplateScope.randomId());
        a.put("aborted", true);
        frames.add(Frame.of(a));
        frames.add(synthetic("[Request interrupted by user]"));
        ObjectNode result = result(turn, null, "aborted_streaming", "assistant", "text");
        result.putArray("permission_denials");
        frames.add(Frame.of(result));
        frames.add(idle());
        return frames;
    }

    private ObjectNode user() {
        ObjectNode f = FrameJson.object();
        f.put("type", "user");
        f.putObject("message").put("role", "user").putArray("content");
        return f;
    }

    private static ArrayNode content(ObjectNode userFrame) {
        return (ArrayNode) userFrame.get("message").get("content");
    }

    private void tail(ObjectNode f) {
        f.putNull("parent_tool_use_id");
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
        f.put("timestamp", TemplateScope.now());
    }

    private Frame synthetic(String text) {
        ObjectNode f = user();
        content(f).addObject().put("type", "text").put("text", text);
        tail(f);
        return Frame.of(f);
    }

    private Frame idle() {
        ObjectNode f = FrameJson.object();
        f.put("type", "system");
        f.put("subtype", "session_state_changed");
        f.put("state", "idle");
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
        return Frame.of(f);
    }

    /** The field set of the sample's {@code error_during_execution} result; permission_denials are added by the caller. */
    private ObjectNode result(TurnTracker turn, String stopReason, String terminalReason, String resultType, String lastContent) {
        long outputTokens = Math.max(1, turn.streamedText().length() / 4);
        BigDecimal cost = BigDecimal.valueOf(turn.inputTokens() * 4 + outputTokens * 20, 6);
        ObjectNode r = FrameJson.object();
        r.put("type", "result");
        r.put("subtype", "error_during_execution");
        r.put("duration_ms", turn.turnMillis());
        r.put("duration_api_ms", Math.max(1, turn.turnMillis() / 2));
        r.put("is_error", true);
        r.put("num_turns", 1);
        if (stopReason == null) {
            r.putNull("stop_reason");
        } else {
            r.put("stop_reason", stopReason);
        }
        r.put("session_id", sessionId);
        r.put("total_cost_usd", cost);
        ObjectNode usage = r.putObject("usage");
        usage.put("input_tokens", turn.inputTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        usage.putObject("output_tokens_details").put("thinking_tokens", 0);
        usage.putObject("server_tool_use").put("web_search_requests", 0).put("web_fetch_requests", 0);
        usage.put("service_tier", "standard");
        usage.putObject("cache_creation").put("ephemeral_1h_input_tokens", 0).put("ephemeral_5m_input_tokens", 0);
        usage.put("inference_geo", "");
        usage.putArray("iterations");
        usage.put("speed", "standard");
        usage.putNull("fallback_credit");
        ObjectNode modelUsage = modelUsage(turn.model(), turn.inputTokens(), outputTokens, cost);
        r.set("modelUsage", modelUsage);
        r.put("terminal_reason", terminalReason);
        r.put("fast_mode_state", "off");
        r.put("fast_mode_disabled_reason", "sdk_opt_in_required");
        r.set("subagent_stats", SUBAGENT_STATS.deepCopy());
        r.put("safety_stops", 0);
        r.putArray("errors").add("[ede_diagnostic] result_type=" + resultType + " last_content_type=" + lastContent
                + " stop_reason=" + (stopReason == null ? "null" : stopReason));
        r.put("uuid", UUID.randomUUID().toString());
        r.put("queued_turn_count", 0);
        r.put("result_index", 0);
        r.set("model_usage_since_last_result", modelUsage.deepCopy());
        return r;
    }

    private static final ObjectNode SUBAGENT_STATS = (ObjectNode) FrameJson.parseOrNull("{\"spawned\":0,"
            + "\"requested\":{\"background\":0,\"foreground\":0,\"unset\":0},\"started_in_background\":0,\"max_depth\":0,"
            + "\"spawned_by_subagents\":0,\"completed\":0,\"failed\":0,\"killed\":{\"parent\":0,\"user\":0,\"system\":0},"
            + "\"refused\":{\"depth_limit\":0,\"concurrency_limit\":0,\"budget\":0},\"by_type\":{}}");

    private static ObjectNode modelUsage(String model, long inputTokens, long outputTokens, BigDecimal cost) {
        ObjectNode all = FrameJson.object();
        ObjectNode m = all.putObject(model);
        m.put("inputTokens", inputTokens);
        m.put("outputTokens", outputTokens);
        m.put("cacheReadInputTokens", 0);
        m.put("cacheCreationInputTokens", 0);
        m.put("webSearchRequests", 0);
        m.put("costUSD", cost);
        m.put("contextWindow", 1_000_000);
        m.put("maxOutputTokens", 128_000);
        m.put("thinkingTokens", 0);
        m.put("cacheCreationEphemeral5mInputTokens", 0);
        m.put("cacheCreationEphemeral1hInputTokens", 0);
        m.put("canonicalModel", model);
        m.put("provider", "firstParty");
        m.put("costBasis", "list");
        return all;
    }
}
