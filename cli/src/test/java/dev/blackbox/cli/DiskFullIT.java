package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `blackbox record` from the jar into a tmpfs that fills up (issue 10): the journal's reserve of free
 * space ({@code journal.minFreeBytes}, default 64 MiB) plus 20 MiB of room, so the recording runs out of
 * room 20 MiB in, while the session keeps sending.
 */
@ExtendWith(VertxExtension.class)
class DiskFullIT {

    static final String TOKEN = "disk-full-it-token";
    static final String ORG = "d15cf011-1111-4222-8333-444455556666";
    static final long ROOM_MIB = 20;
    static final long RESERVE_MIB = JournalOptions.DEFAULT_MIN_FREE_BYTES >> 20;

    @TempDir
    Path tmp;

    Path mount;
    Simulator sim;

    @AfterEach
    void cleanUp() throws Exception {
        if (sim != null) {
            sim.stop().await();
        }
        if (mount != null) {
            Mounts.unmount(mount);
        }
    }

    /** What the recorder left: its exit status, when it exited, stderr, and the journal. */
    record Run(int exit, long exitedAtMicros, List<String> stderr, List<JournalEntry> journal, Jar.Result verify) {
        long lastEntryTs() {
            return journal.get(journal.size() - 1).tsMicros();
        }
    }

    private Run record(Vertx vertx, String session, Scenario scenario, String... extra) throws Exception {
        sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, session, scenario)).await();
        mount = tmp.resolve("fs");
        Mounts.tmpfs(mount, RESERVE_MIB + ROOM_MIB);
        Path root = mount.resolve("journal");
        Path err = tmp.resolve("record.err");
        List<String> args = new java.util.ArrayList<>(List.of("record", "--base-url", sim.baseUrl(), "--session", session,
                "--org", ORG, "--token-env", "BB_IT_TOKEN", "--journal", root.toString()));
        args.addAll(List.of(extra));
        Process p = Jar.start(Map.of("BB_IT_TOKEN", TOKEN), tmp.resolve("record.out"), err, args.toArray(String[]::new));
        boolean exited;
        try {
            exited = p.waitFor(180, TimeUnit.SECONDS);
        } finally {
            p.destroyForcibly();
        }
        long exitedAt = System.currentTimeMillis() * 1000;
        assertThat(exited).as("the recorder ends by itself when its disk is full\n" + Files.readString(err)).isTrue();
        List<JournalEntry> journal = RecordIT.journal(root, session);
        Jar.Result verify = Jar.run("verify", session, "--journal", root.toString());
        return new Run(p.exitValue(), exitedAt, Files.readAllLines(err, StandardCharsets.UTF_8), journal, verify);
    }

    private static Scenario permissionFlood(int requests, int inputBytes) {
        StringBuilder s = new StringBuilder();
        s.append("{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}\n");
        String content = "x".repeat(inputBytes);
        for (int i = 0; i < requests; i++) {
            s.append("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r").append(i)
                    .append("}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Write\",\"input\":{\"file_path\":\"/tmp/f")
                    .append(i).append("\",\"content\":\"").append(content).append("\"},\"tool_use_id\":\"${uuid:t").append(i).append("}\"}}}\n");
        }
        s.append("{\"await_user_message\":{}}\n{\"stop\":{}}\n");
        return Scenario.parse("flood", s.toString());
    }

    /** The recorder's end, as an operator sees it: exit 6, a line naming the cause and the directory, no trace. */
    private void assertStoppedCleanly(Run run) {
        String stderr = String.join("\n", run.stderr());
        assertThat(run.exit()).as(stderr).isEqualTo(6);
        assertThat(run.stderr()).as(stderr).anyMatch(l -> l.contains("journal full: no space left on " + mount));
        assertThat(run.stderr()).as("no stack trace on the terminal").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")
                || l.contains("InternalError"));
        long late = run.exitedAtMicros() - run.lastEntryTs();
        System.out.printf("disk full: exited %.1f s after the last entry%n", late / 1e6);
        // promptly (it once ran on for 93 s, or never exited): a bound a loaded machine cannot miss
        assertThat(late).as("exit within seconds of the failure, not minutes").isLessThan(15_000_000);
    }

    private static void assertNotTampered(Run run) {
        assertThat(run.verify().exit()).as(run.verify().out() + run.verify().err()).isIn(4, 5);
        assertThat(run.verify().out()).containsAnyOf("unsealed", "torn tail").doesNotContain("tampered");
        assertThat(run.verify().err()).isEmpty();
    }

    @Test
    @DisplayName("60 permission requests of 400 KB, all allowed by policy, into a full disk: every answer the server got was journaled first")
    void permissionFloodIntoAFullDisk(Vertx vertx) throws Exception {
        Path policy = tmp.resolve("allow-all.json");
        Files.writeString(policy, "{\"rules\":[{\"name\":\"allow all\",\"tool\":\"*\",\"decision\":\"allow\"}]}");
        Run run = record(vertx, "session_full", permissionFlood(60, 400_000), "--policy", policy.toString());

        Map<String, Long> sentSeq = new HashMap<>();
        Map<String, Long> decidedSeq = new HashMap<>();
        for (JournalEntry e : run.journal()) {
            if (e.kind() == EntryKind.FRAME_SENT) {
                sentSeq.put(e.payloadText(), e.seq());
            } else if (e.kind() == EntryKind.PERMISSION_DECIDED) {
                decidedSeq.put(new JsonObject(e.payloadText()).getString("requestId"), e.seq());
            }
        }
        List<ReceivedFrame> answers = sim.receivedFrames("session_full");
        System.out.printf("disk full (permissions): the server received %d control_response frames, the journal holds %d FRAME_SENT, "
                + "%d entries%n", answers.size(), sentSeq.size(), run.journal().size());
        assertThat(answers).as("some answers went out before the disk filled").isNotEmpty();
        for (ReceivedFrame answer : answers) {
            Long sent = sentSeq.get(answer.text());
            assertThat(sent).as("journaled as FRAME_SENT before it was sent: %s", answer.text().substring(0, 120)).isNotNull();
            String requestId = new JsonObject(answer.text()).getJsonObject("response").getString("request_id");
            assertThat(decidedSeq.get(requestId)).as("PERMISSION_DECIDED before the answer to %s", requestId).isNotNull().isLessThan(sent);
        }
        assertStoppedCleanly(run);
        assertNotTampered(run);
    }

    @Test
    @DisplayName("The load scenario flat out into a full disk: a gap-free prefix of what was sent is journaled, exit 6, one line, not tampered")
    void loadIntoAFullDisk(Vertx vertx) throws Exception {
        Scenario load = Scenarios.load("load", Map.of("count", "20000", "min_bytes", "2000", "max_bytes", "20000"));
        Run run = record(vertx, "session_load", load);
        List<String> sent = sim.sentTexts("session_load");
        List<String> journaled = run.journal().stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).map(JournalEntry::payloadText).toList();
        System.out.printf("disk full (load): the server sent %d frames, the journal holds %d%n", sent.size(), journaled.size());
        assertThat(journaled).isNotEmpty();
        assertThat(sent.subList(0, journaled.size())).as("what was journaled is what was sent, in order, none skipped")
                .isEqualTo(journaled);
        assertStoppedCleanly(run);
        assertNotTampered(run);
    }

    /** The last line on the terminal is the cause, not a generic outcome. */
    @Test
    @DisplayName("The recorder's last line on stderr is the cause: 'journal full: no space left on DIR (N MiB free, reserve M MiB)'")
    void lastLineIsTheCause(Vertx vertx) throws Exception {
        Run run = record(vertx, "session_last", Scenarios.load("load", Map.of("count", "20000", "min_bytes", "2000", "max_bytes", "20000")));
        assertThat(run.exit()).isEqualTo(6);
        assertThat(run.stderr().get(run.stderr().size() - 1)).as(String.join("\n", run.stderr()))
                .contains("journal full: no space left on " + mount);
    }

    @Test
    @DisplayName("Without the reserve of free space a recording does not start: exit 6, one line naming the directory, no entry")
    void refusedWithoutTheReserve() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Mounts.tmpfs(mount, RESERVE_MIB / 2);
        Path root = mount.resolve("journal");
        Jar.Result r = Jar.run(Map.of("BB_IT_TOKEN", TOKEN), "record", "--base-url", "http://127.0.0.1:9", "--session", "session_small",
                "--org", ORG, "--token-env", "BB_IT_TOKEN", "--journal", root.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(6);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .contains("journal full: no space left on " + mount);
        assertThat(Files.exists(root.resolve("session_small")) ? RecordIT.journal(root, "session_small") : List.of()).isEmpty();
    }
}
