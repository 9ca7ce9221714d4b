package dev.blackbox.simulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

/** Error bodies in the Anthropic API's shape: {@code {"type":"error","error":{"type":…,"message":…}}}. */
final class ApiErrors {

    private ApiErrors() {
    }

    static String body(int status, String message) {
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            default -> "invalid_request_error";
        };
        ObjectNode e = FrameJson.object().put("type", "error");
        e.putObject("error").put("type", type).put("message", message);
        return FrameJson.write(e);
    }
}
