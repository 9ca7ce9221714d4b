package dev.blackbox.recorder.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where the access token comes from: an environment variable or a file, read afresh on every
 * connection attempt and every POST (PROTOCOL.md 2.2), so a rotated token is picked up. The token
 * itself is never stored in a field that is logged, journaled or printed; {@link #toString()}
 * names the source, not the value.
 */
public final class TokenSource implements Supplier<String> {

    private final String description;
    private final Supplier<String> reader;

    private TokenSource(String description, Supplier<String> reader) {
        this.description = description;
        this.reader = reader;
    }

    public static TokenSource fromEnv(String variable) {
        return new TokenSource("environment variable " + variable, () -> {
            String value = System.getenv(variable);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment variable " + variable + " is not set or empty");
            }
            return value.trim();
        });
    }

    public static TokenSource fromFile(Path file) {
        return new TokenSource("token file " + file, () -> {
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (value.isEmpty()) {
                    throw new IllegalStateException("token file " + file + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read token file " + file + ": " + e.getClass().getSimpleName());
            }
        });
    }

    /** For tests and embedded use (the demo): a fixed value. */
    public static TokenSource of(String token) {
        return new TokenSource("a fixed token", () -> token);
    }

    @Override
    public String get() {
        return reader.get();
    }

    @Override
    public String toString() {
        return description;
    }
}
