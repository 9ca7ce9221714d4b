package dev.blackbox.simulator.observe;

import java.util.Map;
import java.util.Locale;

/**
 * One WebSocket subscribe attempt and how it ended. Headers are kept except {@code Authorization};
 * {@code bearerMatched} says whether it carried the configured token.
 *
 * @param connection     a number unique within the simulator, 1-based, in arrival order
 * @param organization   the {@code organization_uuid} query parameter, or null
 * @param accepted       true when it became a subscriber (false: it was closed right after the upgrade)
 * @param closeCode      the code the simulator closed it with; null while open or when the client closed first
 * @param closeReason    the reason the simulator gave, or null
 * @param clientCloseCode the code the client closed with, when the client closed first; else null
 */
public record SubscribeAttempt(long connection, String sessionId, String organization, Map<String, String> headers,
                               boolean bearerMatched, boolean accepted, Integer closeCode, String closeReason,
                               Integer clientCloseCode) {

    public SubscribeAttempt {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    SubscribeAttempt closedByServer(int code, String reason) {
        return new SubscribeAttempt(connection, sessionId, organization, headers, bearerMatched, accepted, code, reason, clientCloseCode);
    }

    SubscribeAttempt closedByClient(Integer code) {
        return new SubscribeAttempt(connection, sessionId, organization, headers, bearerMatched, accepted, closeCode, closeReason, code);
    }
}
