package dev.blackbox.simulator.observe;

import java.util.Map;
import java.util.Locale;

/**
 * One HTTP request to the sessions API (POST events, GET history, GET session). The headers are
 * kept except {@code Authorization}, whose value is never stored: {@code bearerMatched} says whether
 * it carried the configured token.
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers,
                              boolean bearerMatched, String body, int status, String responseBody) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
