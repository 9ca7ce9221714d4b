package dev.blackbox.recorder.local;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Ids for local sessions nobody named: {@code PREFIX_20260101T120000_k3x9qa}, sortable by start and unique enough. */
public final class LocalSessionId {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    private LocalSessionId() {
    }

    public static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_').append(WHEN.format(ZonedDateTime.now(ZoneOffset.UTC))).append('_');
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
