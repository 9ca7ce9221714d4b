package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A {@code can_use_tool} request as received: the fields a person or a policy decides on.
 * {@code receivedAtMicros} is the journal time of the frame that carried it.
 */
public record PermissionRequest(String sessionId, String requestId, String toolName, String toolUseId,
                                JsonObject input, JsonArray suggestions, String description, String decisionReason,
                                String blockedPath, long receivedAtMicros, long journalSeq) {

    /** Builds it from the inner {@code request} object of the control_request frame. */
    public static PermissionRequest fromFrame(String sessionId, String requestId, JsonObject request,
                                              long receivedAtMicros, long journalSeq) {
        Object reason = request.getValue("decision_reason");
        return new PermissionRequest(sessionId, requestId,
                request.getString("tool_name"),
                request.getString("tool_use_id"),
                request.getJsonObject("input", new JsonObject()),
                request.getJsonArray("permission_suggestions"),
                request.getString("description"),
                reason == null ? null : reason.toString(),
                request.getString("blocked_path"),
                receivedAtMicros, journalSeq);
    }

    /** The body published on {@code blackbox.permissions.requested} and listed by {@code pending}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("sessionId", sessionId)
                .put("requestId", requestId)
                .put("toolName", toolName)
                .put("toolUseId", toolUseId)
                .put("input", input)
                .put("receivedAt", receivedAtMicros)
                .put("journalSeq", journalSeq);
        if (suggestions != null) {
            json.put("suggestions", suggestions);
        }
        if (description != null) {
            json.put("description", description);
        }
        if (decisionReason != null) {
            json.put("decisionReason", decisionReason);
        }
        if (blockedPath != null) {
            json.put("blockedPath", blockedPath);
        }
        return json;
    }
}
