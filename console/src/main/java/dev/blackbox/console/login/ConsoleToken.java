package dev.blackbox.console.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret that opens the console. Compared in constant time; {@link #toString()} never shows it.
 * A generated token is meant to be handed over once, as the login URL printed at start
 * ({@link #generated()} says whether printing it is the only way in).
 */
public final class ConsoleToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] value;
    private final boolean generated;

    private ConsoleToken(String value, boolean generated) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
    }

    /** 32 random bytes, URL-safe. */
    public static ConsoleToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ConsoleToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
    }

    public static ConsoleToken configured(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("config key 'console.token' is empty");
        }
        return new ConsoleToken(value.trim(), false);
    }

    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value, candidate.getBytes(StandardCharsets.UTF_8));
    }

    public boolean generated() {
        return generated;
    }

    /** The value itself: only for the login URL of a generated token, printed once to the operator's terminal. */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
