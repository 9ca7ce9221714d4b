package dev.blackbox.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@code blackbox-claude} takes to start, against the Agent SDK's 60 s wait for the initialize
 * answer: from exec to the real CLI's first stdin byte, and from exec to the initialize answer reaching
 * the application, as the SDK writes (initialize and the prompt in one write). Printed, never asserted on
 * time; the CLI started directly is measured the same way for comparison.
 */
class BlackboxClaudeStartupIT {

    private static final int ROUNDS = 5;
    private static final String INITIALIZE = "{\"request_id\":\"startup_init\",\"type\":\"control_request\",\"request\":{\"subtype\":\"initialize\",\"systemPrompt\":[\"\"]}}";
    private static final String PROMPT = "{\"type\":\"user\",\"session_id\":\"\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hello\"}]},\"parent_tool_use_id\":null}";

    @TempDir
    Path dir;
    private OfflineClaude offline;
    private Path stamps;
    private Path stampedCli;

    @BeforeEach
    void start() throws Exception {
        offline = new OfflineClaude(dir);
        stamps = dir.resolve("stamps");
        // notes when the first byte reaches the CLI (epoch ns), then hands it and the rest over unchanged
        stampedCli = offline.script("stamped-cli", """
                LC_ALL=C IFS= read -r -d '' -n 1 first
                date +%%s%%N >> %s
                { printf '%%s' "$first"; exec cat; } | exec %s "$@"
                """.formatted(stamps, offline.cli()));
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    private record Round(long firstByteMs, long initializedMs) {
    }

    @Test
    @DisplayName("Start-up of blackbox-claude: exec to the CLI's first stdin byte and to the initialize answer at the application (printed; the CLI alone for comparison)")
    void startUp() throws Exception {
        List<Round> through = new ArrayList<>();
        List<Round> alone = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            through.add(round(List.of(BlackboxClaudeIT.BLACKBOX_CLAUDE.toString())));
            alone.add(round(List.of(stampedCli.toString())));
        }
        System.out.println("blackbox-claude start-up over " + ROUNDS + " rounds (the SDK waits 60000 ms for initialize):");
        System.out.println("  exec -> the CLI's first stdin byte:           " + figure(through.stream().map(Round::firstByteMs).toList()));
        System.out.println("  exec -> initialize answer at the application: " + figure(through.stream().map(Round::initializedMs).toList()));
        System.out.println("  the CLI alone, exec -> initialize answer:     " + figure(alone.stream().map(Round::initializedMs).toList()));
        assertThat(through).allMatch(r -> r.initializedMs() > 0);
    }

    /** Starts {@code command} with the SDK's argv, writes initialize and a prompt at once, waits for the initialize answer. */
    private Round round(List<String> command) throws Exception {
        Files.deleteIfExists(stamps);
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(BlackboxClaudeIT.SDK_ARGV);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(offline.work.toFile()).redirectError(dir.resolve("startup.err").toFile());
        pb.environment().clear();
        Map<String, String> env = new HashMap<>(offline.env());
        env.put("BLACKBOX_CLAUDE_CLI", stampedCli.toString());
        env.put("BLACKBOX_JOURNAL_DIR", offline.journal.toString());
        pb.environment().putAll(env);
        long t0 = epochNanos();
        Process p = pb.start();
        OutputStream in = p.getOutputStream();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write((INITIALIZE + "\n" + PROMPT + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            long initialized = 0;
            for (String line; (line = out.readLine()) != null; ) {
                if (initialized == 0 && line.contains("\"request_id\":\"startup_init\"")) {
                    initialized = epochNanos();
                }
                if (line.contains("\"type\":\"result\"")) {
                    break;
                }
            }
            in.close(); // the application is done: the CLI ends
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long firstByte = Long.parseLong(Files.readAllLines(stamps).get(0).trim());
            return new Round((firstByte - t0) / 1_000_000, initialized == 0 ? -1 : (initialized - t0) / 1_000_000);
        } finally {
            p.destroyForcibly();
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String figure(List<Long> ms) {
        List<Long> sorted = ms.stream().sorted().toList();
        return "median " + sorted.get(sorted.size() / 2) + " ms (" + sorted.get(0) + "-" + sorted.get(sorted.size() - 1) + " ms)";
    }
}
