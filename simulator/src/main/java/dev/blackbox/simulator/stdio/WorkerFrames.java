package dev.blackbox.simulator.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.model.TestDeps;
import dev.blackbox.simulator.scenario.FrameJson;

import java.util.UUID;

/**
 * The frames the stand-in writes, shaped like CLI 2.1.330's (the captures in
 * {@code src/test/resources/real-cli/}), with fewer of the fields nobody reads.
 */
final class WorkerFrames {

    static final String VERSION = TestDeps.CLAUDE_CODE_VERSION;

    private final String sessionId;
    private final String model;
    private final String cwd;

    WorkerFrames(String sessionId, String model, String cwd) {
        this.sessionId = sessionId;
        this.model = model;
        this.cwd = cwd;
    }

    ObjectNode initializeResponse(String requestId) {
        ObjectNode body = FrameJson.object();
        body.putArray("commands").addObject().put("name", "compact").put("description", "Clear conversation history but keep a summary")
                .put("argumentHint", "");
        body.putArray("agents").addObject().put("name", "general-purpose").put("description", "General-purpose agent");
        body.put("output_style", "default");
        body.putArray("available_output_styles").add("default");
        body.putArray("models").addObject().put("value", "default").put("resolvedModel", model).put("displayName", "Default (recommended)");
        body.set("account", FrameJson.object().put("tokenSource", "none").put("apiKeySource", "ANTHROPIC_API_KEY").put("apiProvider", "firstParty"));
        body.put("pid", ProcessHandle.current().pid());
        body.put("claude_code_version", VERSION);
        body.put("current_permission_mode", "default");
        body.put("session_state", "idle");
        return success(requestId, body);
    }

    static ObjectNode success(String requestId, JsonNode body) {
        ObjectNode response = FrameJson.object().put("subtype", "success").put("request_id", requestId);
        if (body != null) {
            response.set("response", body);
        }
        return FrameJson.object().put("type", "control_response").set("response", response);
    }

    static ObjectNode error(String requestId, String message) {
        ObjectNode response = FrameJson.object().put("subtype", "error").put("request_id", requestId).put("error", message);
        return FrameJson.object().put("type", "control_response").set("response", response);
    }

    ObjectNode interruptAck(String requestId) {
        ObjectNode body = FrameJson.object();
        body.putArray("still_queued");
        return success(requestId, body);
    }

    ObjectNode systemInit() {
        ObjectNode f = FrameJson.object().put("type", "system").put("subtype", "init").put("cwd", cwd).put("session_id", sessionId);
        ArrayNode tools = f.putArray("tools");
        for (String t : new String[]{"Bash", "Edit", "Read", "Write"}) {
            tools.add(t);
        }
        f.putArray("mcp_servers");
        f.put("model", model).put("permissionMode", "default");
        f.putArray("slash_commands").add("compact");
        f.put("apiKeySource", "ANTHROPIC_API_KEY").put("claude_code_version", VERSION).put("output_style", "default");
        f.putArray("agents").add("general-purpose");
        f.putArray("skills");
        f.putArray("plugins");
        return withUuid(f);
    }

    ObjectNode status(String status) {
        return withUuid(FrameJson.object().put("type", "system").put("subtype", "status").put("status", status)
                .put("session_id", sessionId));
    }

    ObjectNode sessionState(String state) {
        return withUuid(FrameJson.object().put("type", "system").put("subtype", "session_state_changed").put("state", state)
                .put("sdk_host_only", true));
    }

    ObjectNode assistant(String messageId, ObjectNode block) {
        ObjectNode message = FrameJson.object().put("id", messageId).put("type", "message").put("role", "assistant").put("model", model);
        message.putArray("content").add(block);
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", FrameJson.object().put("input_tokens", 10).put("output_tokens", 1)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0));
        return message(FrameJson.object().put("type", "assistant").set("message", message));
    }

    static ObjectNode textBlock(String text) {
        return FrameJson.object().put("type", "text").put("text", text);
    }

    static ObjectNode toolUseBlock(String id, String name, JsonNode input) {
        return FrameJson.object().put("type", "tool_use").put("id", id).put("name", name).set("input", input);
    }

    ObjectNode streamEvent(ObjectNode event) {
        ObjectNode f = FrameJson.object().put("type", "stream_event");
        f.set("event", event);
        return message(f);
    }

    ObjectNode canUseTool(String requestId, String toolName, JsonNode input, String toolUseId, String description,
                          ArrayNode suggestions, String blockedPath) {
        ObjectNode request = FrameJson.object().put("subtype", "can_use_tool").put("tool_name", toolName).put("display_name", toolName);
        request.set("input", input);
        request.put("description", description);
        request.set("permission_suggestions", suggestions);
        if (blockedPath != null) {
            request.put("blocked_path", blockedPath);
        }
        request.put("tool_use_id", toolUseId);
        return FrameJson.object().put("type", "control_request").put("request_id", requestId).set("request", request);
    }

    static ObjectNode cancel(String requestId) {
        return FrameJson.object().put("type", "control_cancel_request").put("request_id", requestId);
    }

    ObjectNode toolResult(String toolUseId, String content, boolean isError, JsonNode toolUseResult) {
        ObjectNode block = FrameJson.object().put("type", "tool_result").put("content", content).put("is_error", isError)
                .put("tool_use_id", toolUseId);
        ObjectNode f = userText(null);
        ((ObjectNode) f.get("message")).putArray("content").add(block);
        f.set("tool_use_result", toolUseResult);
        return f;
    }

    ObjectNode userText(String text) {
        ObjectNode message = FrameJson.object().put("role", "user");
        if (text != null) {
            message.putArray("content").add(textBlock(text));
        }
        return message(FrameJson.object().put("type", "user").set("message", message));
    }

    ObjectNode result(String subtype, boolean isError, int numTurns, String result, String terminalReason, ArrayNode denials) {
        ObjectNode f = FrameJson.object().put("type", "result").put("subtype", subtype).put("is_error", isError)
                .put("duration_ms", 120).put("duration_api_ms", 40).put("num_turns", numTurns);
        if (result != null) {
            f.put("result", result);
        } else {
            f.putArray("errors").add("Request was aborted");
        }
        f.put("stop_reason", isError ? null : "end_turn").put("session_id", sessionId).put("total_cost_usd", 0.00054);
        f.set("usage", FrameJson.object().put("input_tokens", 20).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0).put("output_tokens", 23));
        f.set("modelUsage", FrameJson.object());
        f.set("permission_denials", denials);
        f.put("terminal_reason", terminalReason);
        return withUuid(f);
    }

    private ObjectNode message(ObjectNode f) {
        f.putNull("parent_tool_use_id");
        f.put("session_id", sessionId);
        return withUuid(f);
    }

    private static ObjectNode withUuid(ObjectNode f) {
        return f.put("uuid", UUID.randomUUID().toString());
    }
}
