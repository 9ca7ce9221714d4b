package dev.blackbox.app.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature of a notification: {@code X-Blackbox-Signature: sha256=<hex>}, the HMAC-SHA256 of the
 * exact body bytes under the webhook's secret. A receiver recomputes it over the raw body it received
 * (before any JSON parsing) and compares in constant time; {@link #verify} is that check.
 */
public final class Signature {

    public static final String HEADER = "X-Blackbox-Signature";
    private static final String PREFIX = "sha256=";

    private Signature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    /** What a receiver does: true when the header is the body's signature under the secret. */
    public static boolean verify(String secret, byte[] body, String header) {
        return header != null && MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
