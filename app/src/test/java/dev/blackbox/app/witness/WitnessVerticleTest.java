package dev.blackbox.app.witness;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WitnessVerticleTest {

    @TempDir
    Path dir;

    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private static JsonObject checkpoint(String session, long seq, boolean seal) {
        return new JsonObject(Buffer.buffer(JournalRecord.Codec.encode(new JournalRecord.Checkpoint(session, "ab".repeat(32), seq,
                "cd".repeat(32), 1_700_000_000_000_000L + seq, null, null, seal))));
    }

    @Test
    @DisplayName("Each checkpoint published on the bus becomes one line, in order; anything else is told in one line and left out")
    void keepsCheckpointsOnly() throws Exception {
        Path file = dir.resolve("w").resolve("checkpoints.jsonl");
        List<String> told = new CopyOnWriteArrayList<>();
        WitnessVerticle witness = new WitnessVerticle(file, told::add);
        vertx.deployVerticle(witness).await();
        vertx.eventBus().publish(Addresses.JOURNAL_CHECKPOINTS, checkpoint("session_a", 10, false));
        vertx.eventBus().publish(Addresses.JOURNAL_CHECKPOINTS, "not even json");
        vertx.eventBus().publish(Addresses.JOURNAL_CHECKPOINTS, new JsonObject().put("session", "session_a").put("seq", 3));
        vertx.eventBus().publish(Addresses.JOURNAL_CHECKPOINTS, checkpoint("session_b", 4, true));
        vertx.eventBus().publish(Addresses.JOURNAL_CHECKPOINTS, checkpoint("session_a", 21, true));

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.readAllLines(file).size() == 3);
        List<JsonObject> lines = Files.readAllLines(file).stream().map(JsonObject::new).toList();
        assertThat(lines).containsExactly(checkpoint("session_a", 10, false), checkpoint("session_b", 4, true),
                checkpoint("session_a", 21, true));
        assertThat(told).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("left out a message on blackbox.journal.checkpoints")
                .doesNotContain("\n"));
        assertThat(witness.written()).isEqualTo(3);
        assertThat(witness.sessions()).isEqualTo(2);
        assertThat(witness.refused()).isEqualTo(2);
    }
}
