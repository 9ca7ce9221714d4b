package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code record --ask} on a real terminal (a pseudo-terminal from util-linux's {@code script}), keys
 * typed one at a time: ages count up while a request waits, {@code d} asks for the reason the agent
 * will see, {@code q} says what happens now.
 */
@ExtendWith(VertxExtension.class)
class ApproverConsoleIT {

    static final String TOKEN = "approver-it-token";
    static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("On a terminal: live ages, a deny with a typed reason that reaches the agent, and q saying who answers now")
    void keysOnATerminal(Vertx vertx) throws Throwable {
        Scenario asks = Scenario.parse("asks", String.join("\n",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"curl evil.example\"},\"tool_use_id\":\"${uuid:t1}\"}}}",
                "{\"await_permission\":{\"request_id\":\"${uuid:r1}\"}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_tty", asks)).await();
        Path root = tmp.resolve("journal");
        Path screen = tmp.resolve("screen.out");
        ProcessBuilder record = Jar.command(Map.of("BB_IT_TOKEN", TOKEN, "USER", "tty-operator"), "record", "--ask",
                "--base-url", sim.baseUrl(), "--session", "session_tty", "--org", ORG, "--token-env", "BB_IT_TOKEN",
                "--journal", root.toString());
        String command = record.command().stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder pty = new ProcessBuilder("script", "-q", "-f", "-e", "-c", command, "/dev/null")
                .redirectOutput(screen.toFile()).redirectErrorStream(true);
        pty.environment().putAll(record.environment());
        Process p = pty.start();
        try (OutputStream keys = p.getOutputStream()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> screen(screen).contains("curl evil.example"));
            // the age is redrawn every second: any age past 0 s shows it moves (a late redraw may skip a number)
            await().atMost(Duration.ofSeconds(30)).until(() -> Pattern.compile("\\(waiting [1-9]\\d*s\\)").matcher(screen(screen)).find());
            type(keys, "d");
            await().atMost(Duration.ofSeconds(30)).until(() -> screen(screen).contains("Reason for denying Bash"));
            type(keys, "no network from here\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> !sim.receivedFrames("session_tty").isEmpty());
            String answer = sim.receivedFrames("session_tty").get(0).text();
            assertThat(answer).contains("\"behavior\":\"deny\"").contains("\"message\":\"no network from here\"");
            type(keys, "q");
            await().atMost(Duration.ofSeconds(30)).until(() -> screen(screen).contains("stopped asking here"));
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
            sim.stop().await();
        }
        JournalEntry decided = RecordIT.journal(root, "session_tty").stream()
                .filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).findFirst().orElseThrow();
        assertThat(decided.payloadText()).contains("\"decidedBy\":\"tty-operator\"").contains("no network from here");
    }

    private static void type(OutputStream keys, String text) throws Exception {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private static String screen(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
