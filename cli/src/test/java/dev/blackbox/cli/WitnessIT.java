package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code blackbox witness} in its own JVM, a recorder in another, one cluster: the witness file it keeps
 * on "its" host catches a journal cut back on the recorder's host.
 */
@ExtendWith(VertxExtension.class)
class WitnessIT {

    static final String TOKEN = "witness-it-token";
    static final String ORG = "d1d1d1d1-1111-4222-8333-444455556666";

    @TempDir
    Path tmp;

    private static Path copy(Path from, Path to) throws Exception {
        Process cp = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertThat(cp.waitFor()).isZero();
        return to;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    @DisplayName("A witness on another process keeps every checkpoint of a recording (periodic and seal, forced to disk); verify --witness passes the journal, fails it once it is cut back or deleted whole, and lets a pruned one be")
    void witnessesAcrossTheCluster(Vertx vertx) throws Throwable {
        List<String> steps = new ArrayList<>();
        steps.add("{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}");
        for (int i = 0; i < 12; i++) {
            steps.add("{\"send\":{\"type\":\"system\",\"subtype\":\"status\",\"status\":null,\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}");
        }
        steps.add("{\"await_user_message\":{}}");
        steps.add("{\"stop\":{}}");
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_witnessed",
                Scenario.parse("witnessed", String.join("\n", steps)))).await();
        Path root = tmp.resolve("journal");
        Path witnessFile = tmp.resolve("witness-host").resolve("checkpoints.jsonl");
        Map<String, String> env = Map.of("BB_IT_TOKEN", TOKEN, "BLACKBOX_CLUSTER_NAME", "blackbox-it-" + UUID.randomUUID(),
                "BLACKBOX_JOURNAL_CHECKPOINT_EVERY", "5", "BLACKBOX_JOURNAL_DURABILITY", "checkpoint");
        Path witnessErr = tmp.resolve("witness.err");
        Process witness = Jar.start(env, tmp.resolve("witness.out"), witnessErr, "witness", "--out", witnessFile.toString(),
                "--cluster-members", "127.0.0.1");
        Process recorder = null;
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(witnessErr).contains("witnessing the checkpoints"));
            recorder = Jar.start(env, tmp.resolve("rec.out"), tmp.resolve("rec.err"), "record", "--cluster",
                    "--cluster-members", "127.0.0.1", "--base-url", sim.baseUrl(), "--session", "session_witnessed", "--org", ORG,
                    "--token-env", "BB_IT_TOKEN", "--journal", root.toString());
            await().atMost(Duration.ofSeconds(90)).until(() -> RecordIT.journal(root, "session_witnessed").stream()
                    .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).count() == 13);
            recorder.destroy(); // SIGTERM: RECORDING_STOPPED and the seal
            assertThat(recorder.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(recorder.exitValue()).as(Files.readString(tmp.resolve("rec.err"))).isZero();

            List<String> checkpoints = RecordIT.journal(root, "session_witnessed").stream()
                    .filter(e -> e.kind() == EntryKind.CHECKPOINT).map(e -> e.payloadText()).toList();
            assertThat(checkpoints).as("periodic checkpoints every 5 entries, then the seal").hasSizeGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(witnessFile)
                    && Files.readAllLines(witnessFile).size() == checkpoints.size());
            List<String> lines = Files.readAllLines(witnessFile);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(new JsonObject(lines.get(i))).as("line " + (i + 1)).isEqualTo(new JsonObject(checkpoints.get(i)));
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(witnessFile))).isEqualTo("rw-------");

            Jar.Result intact = Jar.run("verify", "session_witnessed", "--journal", root.toString(), "--witness", witnessFile.toString());
            assertThat(intact.exit()).as(intact.out() + intact.err()).isZero();
            assertThat(intact.out()).contains("sealed, intact").contains("the witness agrees (" + checkpoints.size() + " checkpoints)");

            // deleted whole on the recorder's host: nothing under the root says it existed, the witness does
            Path deleted = copy(root, tmp.resolve("deleted"));
            deleteTree(deleted.resolve("session_witnessed"));
            assertThat(Jar.run("verify", "--all", "--journal", deleted.toString()).out()).contains("no sessions under");
            String gone = "session_witnessed: tampered at seq 1: the journal is gone: the witness holds " + checkpoints.size()
                    + " checkpoints of it, the last for seq ";
            Jar.Result all = Jar.run("verify", "--all", "--journal", deleted.toString(), "--witness", witnessFile.toString());
            assertThat(all.exit()).as(all.out() + all.err()).isEqualTo(1);
            assertThat(all.out()).contains(gone).contains("and the retention log has no tombstone for it");
            Jar.Result one = Jar.run("verify", "session_witnessed", "--journal", deleted.toString(), "--witness", witnessFile.toString());
            assertThat(one.exit()).as(one.out() + one.err()).isEqualTo(1);
            assertThat(one.out()).startsWith(gone);
            // pruned, with its tombstone: not tampering
            Path pruned = copy(root, tmp.resolve("pruned"));
            Jar.Result prune = Jar.run("prune", "--session", "session_witnessed", "--journal", pruned.toString());
            assertThat(prune.exit()).as(prune.out() + prune.err()).isZero();
            Jar.Result afterPrune = Jar.run("verify", "--all", "--journal", pruned.toString(), "--witness", witnessFile.toString());
            assertThat(afterPrune.exit()).as(afterPrune.out()).isZero();
            assertThat(afterPrune.out()).doesNotContain("session_witnessed");

            // cut back on the recorder's host: the seal and RECORDING_STOPPED zeroed, as if the recording had ended earlier
            Path cq4 = JournalBytes.cycleFile(root, "session_witnessed");
            JournalBytes.unseal(cq4);
            JournalBytes.unseal(cq4);
            Jar.Result alone = Jar.run("verify", "session_witnessed", "--journal", root.toString());
            assertThat(alone.exit()).as("without the witness a cut journal only looks unsealed: " + alone.out()).isEqualTo(4);
            Jar.Result against = Jar.run("verify", "session_witnessed", "--journal", root.toString(), "--witness", witnessFile.toString());
            assertThat(against.exit()).as(against.out() + against.err()).isEqualTo(1);
            assertThat(against.out()).contains("tampered").contains("truncated: the witness holds a checkpoint");
        } finally {
            if (recorder != null) {
                recorder.destroyForcibly();
            }
            witness.destroy();
            witness.waitFor(60, TimeUnit.SECONDS);
            witness.destroyForcibly();
            sim.stop().await();
        }
        assertThat(witness.exitValue()).as(Files.readString(witnessErr)).isZero();
        assertThat(Files.readString(witnessErr)).contains("witnessed ").contains(" checkpoints of 1 sessions");
    }
}
