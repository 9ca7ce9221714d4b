package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder as users run it, configured to sign: {@code journal.signingKey}, a witness in another
 * directory and a short checkpoint cadence. What it writes must verify with the key and the witness,
 * and every checkpoint must be in the witness too.
 */
@ExtendWith(VertxExtension.class)
class SignedRecordingIT {

    static final String TOKEN = "signed-it-token";
    static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("A recording made with journal.signingKey and journal.witness verifies with --key and --witness, sealed")
    void signedRecordingVerifies(Vertx vertx) throws Throwable {
        Jar.Result keys = Jar.run("keygen", "--out", tmp.resolve("keys/journal").toString());
        assertThat(keys.exit()).as(keys.err()).isZero();
        Path root = tmp.resolve("journal");
        Path witness = tmp.resolve("witness/checkpoints.jsonl");
        Path config = Files.writeString(tmp.resolve("blackbox.yaml"), String.join("\n",
                "journal:",
                "  signingKey: " + tmp.resolve("keys/journal.key"),
                "  witness: " + witness,
                "  checkpointEvery: 10",
                ""));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_signed", Scenarios.load("permission-cancel"))
                .withTimeScale(0.05)).await();
        Process p = Jar.start(Map.of("BB_IT_TOKEN", TOKEN), tmp.resolve("rec.out"), tmp.resolve("rec.err"), "record",
                "--config", config.toString(), "--base-url", sim.baseUrl(), "--session", "session_signed", "--org", ORG,
                "--token-env", "BB_IT_TOKEN", "--journal", root.toString());
        try {
            sim.scenarioFinished("session_signed").await(60, TimeUnit.SECONDS);
            long sent = sim.session("session_signed").sentCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> RecordIT.journal(root, "session_signed").stream()
                    .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).count() >= sent);
        } finally {
            p.destroy(); // SIGTERM: RECORDING_STOPPED, then the seal
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            sim.stop().await();
        }
        List<JournalEntry> journal = RecordIT.journal(root, "session_signed");
        long checkpoints = journal.stream().filter(e -> e.kind() == EntryKind.CHECKPOINT).count();
        assertThat(checkpoints).as("a checkpoint every 10 entries and the seal").isGreaterThanOrEqualTo(journal.size() / 11);
        assertThat(journal.get(journal.size() - 1).kind()).isEqualTo(EntryKind.CHECKPOINT);
        assertThat(Files.readAllLines(witness)).hasSize((int) checkpoints);

        Jar.Result verified = Jar.run("verify", "session_signed", "--journal", root.toString(),
                "--key", tmp.resolve("keys/journal.pub").toString(), "--witness", witness.toString());
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("session_signed: sealed, intact").contains("signed with key");
    }
}
