package dev.blackbox.simulator.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

/** What a host writes to the worker's stdin, in the shapes the issue and the Agent SDK use. */
public final class Frames {

    private Frames() {
    }

    public static ObjectNode initialize(String requestId) {
        return request(requestId, "initialize");
    }

    public static ObjectNode interrupt(String requestId) {
        return request(requestId, "interrupt");
    }

    public static ObjectNode userMessage(String text) {
        ObjectNode message = FrameJson.object().put("role", "user");
        message.putArray("content").addObject().put("type", "text").put("text", text);
        ObjectNode f = FrameJson.object().put("type", "user").put("session_id", "");
        f.putNull("parent_tool_use_id");
        f.set("message", message);
        return f;
    }

    public static ObjectNode allow(String requestId, JsonNode input) {
        return answer(requestId, FrameJson.object().put("behavior", "allow").set("updatedInput", input));
    }

    public static ObjectNode deny(String requestId, String message) {
        return answer(requestId, FrameJson.object().put("behavior", "deny").put("message", message));
    }

    private static ObjectNode request(String requestId, String subtype) {
        ObjectNode f = FrameJson.object().put("request_id", requestId).put("type", "control_request");
        f.set("request", FrameJson.object().put("subtype", subtype));
        return f;
    }

    private static ObjectNode answer(String requestId, ObjectNode result) {
        ObjectNode response = FrameJson.object().put("subtype", "success").put("request_id", requestId);
        response.set("response", result);
        return FrameJson.object().put("type", "control_response").set("response", response);
    }
}
