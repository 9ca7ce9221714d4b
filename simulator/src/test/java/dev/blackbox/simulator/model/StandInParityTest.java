package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.pipes.WorkerPipes;
import dev.blackbox.simulator.stdio.Frames;
import dev.blackbox.simulator.stdio.StdioWorkerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stdio stand-in against the real CLI: the same script, the same frames in the same order
 * (by type and subtype), the same file-system effect and the same exit status.
 */
class StandInParityTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private OfflineCli offline;

    @BeforeEach
    void start() throws Exception {
        offline = new OfflineCli(dir.resolve("real"), ModelApiConfig.loopback());
    }

    @AfterEach
    void stop() {
        offline.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"allow", "deny", "interrupt", "close-while-pending", "read-only", "plain", "stall", "idle-interrupt"})
    @DisplayName("The stand-in writes the frames the real CLI writes, in its order, with the same effect and exit status")
    void sameFramesAsTheRealCli(String flow) throws Exception {
        Path standInWork = Files.createDirectories(dir.resolve("stand-in"));
        List<String> argv = new java.util.ArrayList<>(OfflineCli.HOST_ARGV);
        if (flow.equals("stall")) {
            argv.add("--include-partial-messages");
        }
        Run real = drive(offline.launch(argv), flow, offline.work);
        Run standIn = drive(WorkerPipes.start(StdioWorkerTest.command(argv),
                java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", standInWork.toString()), standInWork), flow, standInWork);
        assertThat(real.kinds()).anyMatch(k -> k.startsWith("result/"));
        assertThat(standIn.kinds()).as("frame kinds, stand-in vs real").isEqualTo(real.kinds());
        assertThat(standIn.fileWritten()).isEqualTo(real.fileWritten());
        assertThat(standIn.exit()).isEqualTo(real.exit());
    }

    private record Run(List<String> kinds, boolean fileWritten, int exit) {
    }

    private static Run drive(WorkerPipes w, String flow, Path work) throws Exception {
        try (w) {
            w.send(Frames.initialize("req_init_1"));
            w.send(Frames.userMessage(switch (flow) {
                case "read-only" -> "[[read-only]]";
                case "plain", "idle-interrupt" -> "Hello there";
                case "stall" -> "Go on [[stall]]";
                default -> "Please [[bash-write out.txt]]";
            }));
            if (List.of("allow", "deny", "interrupt", "close-while-pending").contains(flow)) {
                JsonNode ask = w.awaitType("control_request", "can_use_tool", WAIT);
                String id = ask.path("request_id").asText();
                switch (flow) {
                    case "allow" -> w.send(Frames.allow(id, ask.path("request").path("input")));
                    case "deny" -> w.send(Frames.deny(id, "No"));
                    case "interrupt" -> w.send(Frames.interrupt("req_int_1"));
                    default -> w.closeStdin();
                }
            }
            if (flow.equals("stall")) {
                w.await("word3", f -> f.path("event").path("delta").path("text").asText().startsWith("word3"), WAIT);
                w.send(Frames.interrupt("req_int_1"));
            }
            w.awaitType("result", null, WAIT);
            if (flow.equals("idle-interrupt")) {
                w.send(Frames.interrupt("req_int_idle"));
                w.await("the acknowledgement", f -> "req_int_idle".equals(f.path("response").path("request_id").asText()), WAIT);
            }
            w.closeStdin();
            int exit = w.awaitExit(WAIT);
            List<String> kinds = new java.util.ArrayList<>();
            for (JsonNode f : w.framesOut()) {
                String kind = kind(f);
                if (!(kind.equals("stream_event") && !kinds.isEmpty() && kinds.get(kinds.size() - 1).equals(kind))) {
                    kinds.add(kind); // a run of stream events counts once: how many deltas arrive is timing
                }
            }
            return new Run(kinds, Files.exists(work.resolve("out.txt")), exit);
        }
    }

    private static String kind(JsonNode f) {
        String type = f.path("type").asText();
        String sub = f.path("subtype").asText(f.path("request").path("subtype").asText(f.path("response").path("subtype").asText("")));
        JsonNode first = f.path("message").path("content").path(0);
        String block = type.equals("user") || type.equals("assistant") ? "(" + first.path("type").asText() + ")" : "";
        return type + (sub.isEmpty() ? "" : "/" + sub) + block;
    }
}
