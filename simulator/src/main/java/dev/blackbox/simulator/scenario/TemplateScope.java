package dev.blackbox.simulator.scenario;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The values behind a scenario run's template variables. One scope per session run, so that
 * {@code ${uuid:perm}} in a {@code can_use_tool} and in the {@code await_permission} that waits
 * for its answer are the same string. Not thread-safe: a run lives on one event loop.
 */
public final class TemplateScope {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String sessionId;
    private final Map<String, String> namedUuids = new HashMap<>();
    private final Map<String, String> namedIds = new HashMap<>();
    private final Map<String, String> answer = new HashMap<>();

    public TemplateScope(String sessionId) {
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Remembers the last permission answer so branch steps can quote it ({@code ${answer:message}}). */
    public void rememberAnswer(Map<String, String> fields) {
        answer.clear();
        answer.putAll(fields);
    }

    String resolve(String variable, String name) {
        return switch (variable) {
            case "session_id" -> sessionId;
            case "uuid" -> name == null ? UUID.randomUUID().toString()
                    : namedUuids.computeIfAbsent(name, k -> UUID.randomUUID().toString());
            case "id" -> name == null ? randomId() : namedIds.computeIfAbsent(name, k -> randomId());
            case "now" -> now();
            case "answer" -> answer.getOrDefault(name, "");
            default -> throw new IllegalStateException("unknown template variable " + variable);
        };
    }

    /** An ISO-8601 timestamp with milliseconds, as the worker writes them ({@code 2026-11-24T07:00:05.713Z}). */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A 24-character base62 id, the shape of the suffix of {@code msg_…}, {@code toolu_…}, {@code req_…} ids. */
    public static String randomId() {
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
