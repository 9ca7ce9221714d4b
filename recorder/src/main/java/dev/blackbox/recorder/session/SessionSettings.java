package dev.blackbox.recorder.session;

import dev.blackbox.journal.SessionIds;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Everything one recorded session needs. {@code baseUrl} is the sessions service (https://... for
 * the real one, http://127.0.0.1:PORT for the simulator); the subscribe URL is derived from it.
 */
public record SessionSettings(String sessionId, String orgUuid, URI baseUrl, boolean viewerOnly, TokenSource token,
                              ReconnectMode reconnectMode, ReconnectTimings timings, String initialPrompt,
                              Path journalRoot) {

    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public SessionSettings {
        SessionIds.requireValid(sessionId);
        if (orgUuid == null || !ORG.matcher(orgUuid).matches()) {
            throw new IllegalArgumentException("invalid organization uuid '" + orgUuid + "': expected a UUID");
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("invalid base URL '" + baseUrl + "': expected http(s)://host[:port]");
        }
    }

    /** {@code ws(s)://host/v1/sessions/ws/{id}/subscribe?organization_uuid={org}} (PROTOCOL.md 3.1). */
    public URI subscribeUri() {
        String ws = baseUrl.getScheme().equals("https") ? "wss" : "ws";
        return URI.create(ws + "://" + authority() + basePath() + "/v1/sessions/ws/" + sessionId
                + "/subscribe?organization_uuid=" + orgUuid);
    }

    /** {@code {base}/v1/sessions/{id}/events} (PROTOCOL.md 6.1). */
    public URI eventsUri() {
        return URI.create(baseUrl.getScheme() + "://" + authority() + basePath() + "/v1/sessions/" + sessionId + "/events");
    }

    public boolean secure() {
        return baseUrl.getScheme().equals("https");
    }

    public int port() {
        return baseUrl.getPort() > 0 ? baseUrl.getPort() : secure() ? 443 : 80;
    }

    private String authority() {
        return baseUrl.getHost() + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "");
    }

    private String basePath() {
        String p = baseUrl.getPath();
        return p == null || p.equals("/") ? "" : p.replaceAll("/+$", "");
    }
}
