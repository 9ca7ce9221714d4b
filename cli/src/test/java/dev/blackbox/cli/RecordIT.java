package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `blackbox record` from the runnable jar against a simulator in this JVM. */
@ExtendWith(VertxExtension.class)
class RecordIT {

    static final String TOKEN = "sk-ant-oat01-RECORD-IT-secret-value";
    static final String ORG = "0b6f0000-1111-4222-8333-444455556666";

    @TempDir
    Path tmp;

    static Scenario idleAfterInit() {
        return Scenario.parse("idle", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
    }

    static List<JournalEntry> journal(Path root, String session) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader r = JournalReader.open(root, session)) {
            for (JournalEntry e; (e = r.next()) != null; ) {
                out.add(e);
            }
        } catch (RuntimeException e) {
            return out; // not created yet
        }
        return out;
    }

    @Test
    @DisplayName("record journals live sessions (two in one process), stops on SIGTERM with RECORDING_STOPPED and exit 0, and the token is nowhere")
    void recordsAndStopsOnSigterm(Vertx vertx) throws Throwable {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_rec", idleAfterInit())
                .withSession("session_two", idleAfterInit())).await();
        Path root = tmp.resolve("journal");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Path sessionsFile = tmp.resolve("sessions.txt");
        Files.writeString(sessionsFile, "# recorded by the IT\nsession_two\n");
        Process p = Jar.start(Map.of("BB_IT_TOKEN", TOKEN), out, err, "record", "--base-url", sim.baseUrl(),
                "--session", "session_rec", "--sessions-file", sessionsFile.toString(), "--org", ORG,
                "--token-env", "BB_IT_TOKEN", "--journal", root.toString(), "--prompt", "hello from the IT");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> journal(root, "session_rec").stream()
                    .anyMatch(e -> e.kind() == EntryKind.MESSAGE_POSTED) && journal(root, "session_two").stream()
                    .anyMatch(e -> e.kind() == EntryKind.MESSAGE_POSTED));
            // the frames the prompt set off (its echo) race the POST's answer: stop once all that was sent is journaled
            for (String id : List.of("session_rec", "session_two")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> journal(root, id).stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED)
                        .map(JournalEntry::payloadText).toList().equals(sim.sentTexts(id)));
            }
            String commandLine = p.info().commandLine().orElse("") + String.join(" ", p.info().arguments().orElse(new String[0]));
            assertThat(commandLine).contains("record").doesNotContain(TOKEN); // what ps shows
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            p.destroyForcibly();
        }
        List<JournalEntry> entries = journal(root, "session_rec");
        assertThat(entries.get(0).kind()).isEqualTo(EntryKind.RECORDING_STARTED);
        assertThat(entries.get(entries.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
        assertThat(entries.get(entries.size() - 1).kind()).as("the seal").isEqualTo(EntryKind.CHECKPOINT);
        assertThat(entries.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).map(JournalEntry::payloadText).toList())
                .isEqualTo(sim.sentTexts("session_rec"));
        assertThat(JournalVerifier.verify(root, "session_rec").ok()).isTrue();
        assertThat(sim.posts("session_rec")).hasSize(1);

        String logs = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
        assertThat(logs).contains("session_rec").doesNotContain(TOKEN);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(TOKEN);
            }
        }
        List<JournalEntry> second = journal(root, "session_two");
        assertThat(second.get(second.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
        assertThat(second.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).map(JournalEntry::payloadText).toList())
                .isEqualTo(sim.sentTexts("session_two"));
        Jar.Result sessions = Jar.run("sessions", "--journal", root.toString());
        assertThat(sessions.out()).contains("session_rec").contains("session_two").contains("INTEGRITY").contains("stopped");
        assertThat(sessions.out().lines().filter(l -> l.startsWith("session_")).toList()).allMatch(l -> l.endsWith("  sealed"));
        sim.stop().await();
    }

    @Test
    @DisplayName("record exits 4 by itself when the service refuses the token (close 4003)")
    void exitsOnUnauthorized(Vertx vertx) throws Throwable {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_401", idleAfterInit())).await();
        Jar.Result r = Jar.run(Map.of("BB_IT_TOKEN", "not-the-token"), "record", "--base-url", sim.baseUrl(),
                "--session", "session_401", "--org", ORG, "--token-env", "BB_IT_TOKEN", "--journal", tmp.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.err()).contains("unauthorized").doesNotContain("not-the-token");
        List<JournalEntry> entries = journal(tmp, "session_401");
        assertThat(entries.get(entries.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
        sim.stop().await();
    }

    @Test
    @DisplayName("demo without --journal keeps one recording in $TMPDIR/blackbox-demo: a second run replaces the first")
    void demoLeavesOneJournal() throws Exception {
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp);
        Jar.Result first = Jar.run(env, "demo", "--time-scale", "0.01");
        assertThat(first.exit()).as(first.err()).isZero();
        Jar.Result second = Jar.run(env, "demo", "--time-scale", "0.01");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("the previous demo recording in " + tmp.resolve("blackbox-demo") + " was replaced");
        try (var sessions = Files.list(tmp.resolve("blackbox-demo"))) {
            assertThat(sessions.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("session_")))
                    .containsExactly("session_01DemoCodingTask");
        }
        try (var temps = Files.list(tmp)) {
            assertThat(temps.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("blackbox-demo-"));
        }
    }

    @Test
    @DisplayName("demo runs from the jar and ends with an intact journal")
    void demo() throws Exception {
        Jar.Result r = Jar.run("demo", "--journal", tmp.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("allowed by policy").contains("by demo-operator via cli").contains("integrity verified: sealed, intact")
                .contains("integrity    sealed, intact").contains("hash chain verified");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    @DisplayName("record --ask answers a permission request typed in by the person running it")
    void askInPlace(Vertx vertx) throws Throwable {
        Scenario asks = Scenario.parse("asks", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:t1}\"}}}",
                "{\"await_permission\":{\"request_id\":\"${uuid:r1}\"}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_ask", asks)).await();
        Path root = tmp.resolve("journal");
        Path out = tmp.resolve("ask.out");
        Process p = Jar.start(Map.of("BB_IT_TOKEN", TOKEN, "USER", "it-operator"), out, tmp.resolve("ask.err"), "record", "--ask",
                "--base-url", sim.baseUrl(), "--session", "session_ask", "--org", ORG, "--token-env", "BB_IT_TOKEN",
                "--journal", root.toString());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("pending "));
            String requestId = journal(root, "session_ask").stream()
                    .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("can_use_tool"))
                    .map(e -> new io.vertx.core.json.JsonObject(e.payloadText()).getString("request_id")).findFirst().orElseThrow();
            assertThat(Files.readString(out)).contains(requestId).contains("Bash");
            p.getOutputStream().write(("a " + requestId + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> !sim.receivedFrames("session_ask").isEmpty());
            assertThat(sim.receivedFrames("session_ask").get(0).text()).contains(requestId).contains("\"behavior\":\"allow\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("allow by it-operator via cli"));
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly();
            sim.stop().await();
        }
        JournalEntry decided = journal(root, "session_ask").stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                .findFirst().orElseThrow();
        assertThat(decided.payloadText()).contains("\"decidedBy\":\"it-operator\"").contains("\"via\":\"cli\"");
    }
}
