package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.FrameJson;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request the scripted Messages API received, kept whole except the values of
 * {@code x-api-key} and {@code authorization} (stored as {@code <redacted>}).
 */
public record ModelRequest(String method, String uri, Map<String, String> headers, String body) {

    public ModelRequest {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body as JSON (a missing node when it is not JSON). */
    public JsonNode json() {
        JsonNode node = FrameJson.parseOrNull(body);
        return node == null ? FrameJson.object().path("none") : node;
    }

    /** True for the one call the CLI 2.1.330 is known to make: a streamed {@code POST /v1/messages?beta=true}. */
    public boolean isStreamedMessages() {
        return "POST".equals(method) && "/v1/messages?beta=true".equals(uri) && json().path("stream").asBoolean(false);
    }
}
