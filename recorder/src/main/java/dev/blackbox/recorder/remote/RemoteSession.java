package dev.blackbox.recorder.remote;

import dev.blackbox.recorder.session.SessionTransport;
import dev.blackbox.recorder.session.TransportSpec;
import io.vertx.core.Vertx;

import dev.blackbox.journal.SessionIds;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session of the remote sessions service (https://... for the real one, http://127.0.0.1:PORT for
 * the simulator): where it is, the org, where the token comes from, and how hard to hold on to it.
 */
public record RemoteSession(URI baseUrl, String orgUuid, TokenSource token, ReconnectMode reconnectMode,
                            ReconnectTimings timings) implements TransportSpec {

    public RemoteSession {
        if (!SessionIds.isValid(orgUuid)) { // the same alphabet as session ids
            throw new IllegalArgumentException("invalid organization uuid '" + orgUuid + "': expected a UUID");
        }
        checkBaseUrl(baseUrl);
    }

    /** A base URL the recorder can connect to: http(s), a host, a port in range. One line otherwise. */
    public static URI checkBaseUrl(URI baseUrl) {
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("invalid base URL '" + baseUrl + "': expected http(s)://host[:port]");
        }
        if (baseUrl.getPort() > 65535) {
            throw new IllegalArgumentException("invalid base URL '" + baseUrl + "': port " + baseUrl.getPort()
                    + " is out of range (1-65535)");
        }
        return baseUrl;
    }

    @Override
    public SessionTransport create(Vertx vertx, String sessionId) {
        ConnectionStateMachine rules = new ConnectionStateMachine(reconnectMode, timings,
                () -> ThreadLocalRandom.current().nextDouble());
        return new WebSocketTransport(vertx, this, sessionId, rules);
    }

    /** {@code ws(s)://host/v1/sessions/ws/{id}/subscribe?organization_uuid={org}} (PROTOCOL.md 3.1). */
    public URI subscribeUri(String sessionId) {
        String ws = secure() ? "wss" : "ws";
        return URI.create(ws + "://" + authority() + basePath() + "/v1/sessions/ws/" + sessionId
                + "/subscribe?organization_uuid=" + orgUuid);
    }

    /** {@code {base}/v1/sessions/{id}/events} (PROTOCOL.md 6.1). */
    public URI eventsUri(String sessionId) {
        return URI.create(baseUrl.getScheme() + "://" + authority() + basePath() + "/v1/sessions/" + sessionId + "/events");
    }

    public boolean secure() {
        return baseUrl.getScheme().equals("https");
    }

    private String authority() {
        return baseUrl.getHost() + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "");
    }

    private String basePath() {
        String p = baseUrl.getPath();
        return p == null || p.equals("/") ? "" : p.replaceAll("/+$", "");
    }
}
