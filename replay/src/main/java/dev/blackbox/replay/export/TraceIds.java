package dev.blackbox.replay.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Trace and span ids derived from the session id and the journal seq a span starts at (SHA-256, cut to
 * 16 and 8 bytes), so exporting the same session again gives the same ids and a backend sees the same
 * trace, not a second one.
 */
final class TraceIds {

    private static final HexFormat HEX = HexFormat.of();

    private final String sessionId;
    private final String traceId;
    private final MessageDigest sha256;

    TraceIds(String sessionId) {
        this.sessionId = sessionId;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        this.traceId = hex(digest("trace", 0, 0), 16);
    }

    String traceId() {
        return traceId;
    }

    /** The id of the span of {@code role} that starts at {@code seq}; {@code index} tells apart several starting there. */
    String spanId(String role, long seq, int index) {
        return hex(digest(role, seq, index), 8);
    }

    private byte[] digest(String role, long seq, int index) {
        sha256.reset();
        return sha256.digest((sessionId + '\0' + role + '\0' + seq + '\0' + index).getBytes(StandardCharsets.UTF_8));
    }

    /** The first {@code n} bytes as hex; an all-zero id is invalid in OTLP, so one is nudged (never seen in practice). */
    private static String hex(byte[] digest, int n) {
        boolean zero = true;
        for (int i = 0; i < n; i++) {
            zero &= digest[i] == 0;
        }
        if (zero) {
            digest[n - 1] = 1;
        }
        return HEX.formatHex(digest, 0, n);
    }
}
