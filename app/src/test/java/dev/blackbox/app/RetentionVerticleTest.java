package dev.blackbox.app;

import dev.blackbox.app.retention.RetentionVerticle;
import dev.blackbox.audit.RetentionLog;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.replay.state.ProjectionVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** retention.interval: a console prunes by itself, says so, and its list shows the session as pruned. */
@ExtendWith(VertxExtension.class)
class RetentionVerticleTest {

    @TempDir
    Path root;

    private void record(String session, int ageDays) {
        long[] clock = {System.currentTimeMillis() * 1000 - ageDays * 86_400L * 1_000_000};
        try (SessionJournal j = SessionJournal.open(root, session, JournalOptions.defaults().withClock(() -> clock[0]++))) {
            j.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "org", "http://127.0.0.1:1",
                    false, "test", "localhost", "persistent"));
            j.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}".getBytes(StandardCharsets.UTF_8));
            j.append(new JournalRecord.RecordingStopped("done"));
        }
    }

    @Test
    @DisplayName("With retention.interval the console prunes old journals at start, one line each, tombstones written; its list shows them as pruned")
    void prunesByItself(Vertx vertx) {
        record("s_old", 40);
        record("s_new", 1);
        List<JsonObject> changes = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.STATE_CHANGED, m -> changes.add(m.body())).completion().await();
        vertx.deployVerticle(new ProjectionVerticle(ProjectionVerticle.Options.of(root))).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream().anyMatch(c -> "s_old".equals(c.getString("sessionId"))
                && "sealed".equals(c.getJsonObject("integrity").getString("verdict"))));

        List<String> lines = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(new RetentionVerticle(root, Duration.ofDays(30), Duration.ofDays(1), "ops", JournalOptions.defaults(),
                lines::add)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
        assertThat(lines).containsExactly("retention: pruned s_old: older than 30d (retention.olderThan, pruned by the console every 1d)");
        assertThat(root.resolve("s_old")).doesNotExist();
        assertThat(root.resolve("s_new")).isDirectory();
        assertThat(RetentionLog.tombstones(root)).singleElement().satisfies(t -> assertThat(t.record().prunedBy()).isEqualTo("ops"));
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream().anyMatch(c -> "s_old".equals(c.getString("sessionId"))
                && "pruned".equals(c.getString("status"))));
    }
}
