package dev.blackbox.replay.play;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.Sessions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ReplayVerticleTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("A recording is re-published in order, payloads intact, at its recorded pace with pauses capped")
    void republishesAtPace(Vertx vertx, VertxTestContext ctx) {
        String id = Sessions.ALLOW.write(root);
        List<JournalEntry> recorded = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                recorded.add(e);
            }
        }
        // expected playback time: every recorded pause capped at 0.3 s, divided by the speed 4
        double speed = 4, idle = 0.3;
        Pacer expected = new Pacer(speed, idle);
        long expectedMicros = 0;
        for (JournalEntry e : recorded) {
            expectedMicros = expected.dueMicros(e.tsMicros());
        }
        long minMillis = expectedMicros / 1000;

        List<JsonObject> got = new ArrayList<>();
        long start = System.nanoTime();
        vertx.eventBus().<JsonObject>consumer(Addresses.replay(id), m -> {
            if (m.body().getBoolean("end", false)) {
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                ctx.verify(() -> {
                    assertThat(m.body().getLong("entries")).isEqualTo(recorded.size());
                    assertThat(got).hasSize(recorded.size());
                    for (int i = 0; i < recorded.size(); i++) {
                        assertThat(got.get(i).getLong("seq")).isEqualTo(recorded.get(i).seq());
                        assertThat(got.get(i).getString("kind")).isEqualTo(recorded.get(i).kind().name());
                        assertThat(got.get(i).getString("payload"))
                                .isEqualTo(new String(recorded.get(i).payload(), StandardCharsets.UTF_8));
                    }
                    assertThat(tookMillis).isGreaterThanOrEqualTo(minMillis - 20).isLessThan(minMillis + 10_000); // paced, not stalled
                });
                ctx.completeNow();
            } else {
                got.add(m.body());
            }
        }).completion().await();
        assertThat(minMillis).isBetween(500L, 2000L);
        vertx.deployVerticle(new ReplayVerticle(ReplayVerticle.Options.of(root, id).at(speed, idle)));
    }

    @Test
    @DisplayName("A range from seq 5 to seq 8 publishes exactly those four entries, binary ones as base64")
    void range(Vertx vertx, VertxTestContext ctx) {
        String id = Sessions.ROUGH.write(root);
        List<Long> seqs = new ArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.replay(id), m -> {
            if (m.body().getBoolean("end", false)) {
                ctx.verify(() -> assertThat(seqs).containsExactly(5L, 6L, 7L, 8L));
                ctx.completeNow();
            } else {
                seqs.add(m.body().getLong("seq"));
            }
        }).completion().await();
        ReplayVerticle v = new ReplayVerticle(new ReplayVerticle.Options(root, id, 1000, 0.01,
                new Bound.Seq(5), new Bound.Seq(8)));
        vertx.deployVerticle(v).await();
    }
}
