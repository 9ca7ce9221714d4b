package dev.blackbox.simulator.http;

import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the bearer token and the fixed headers of PROTOCOL.md 2.3 / 2.4. The token is compared
 * in constant time and never stored: what the simulator records is the other headers plus a flag.
 */
final class Credentials {

    static final String ANTHROPIC_VERSION = "2023-06-01";
    static final String CCR_BETA = "ccr-byoc-2025-07-29";

    private final byte[] expected;
    private final String orgUuid;

    Credentials(String token, String orgUuid) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.orgUuid = orgUuid;
    }

    boolean bearerMatches(MultiMap headers) {
        String auth = headers.get("Authorization");
        return auth != null && MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8));
    }

    static boolean versionMatches(MultiMap headers) {
        return ANTHROPIC_VERSION.equals(headers.get("anthropic-version"));
    }

    static boolean betaPresent(MultiMap headers) {
        String beta = headers.get("anthropic-beta");
        if (beta == null) {
            return false;
        }
        for (String b : beta.split(",")) {
            if (b.trim().equals(CCR_BETA)) {
                return true;
            }
        }
        return false;
    }

    /** True when no organization is configured, or the given one is it. */
    boolean organizationMatches(String given) {
        return orgUuid == null || orgUuid.equals(given);
    }

    /** The headers, names lower-cased, without Authorization. */
    static Map<String, String> recordable(MultiMap headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : headers.names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("authorization")) {
                out.put(lower, String.join(", ", headers.getAll(name)));
            }
        }
        return out;
    }
}
