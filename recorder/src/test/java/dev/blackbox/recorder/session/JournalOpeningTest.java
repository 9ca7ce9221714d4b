package dev.blackbox.recorder.session;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Journals are opened off the event loops, many at once, and then written on the recorder's loop. */
@ExtendWith(VertxExtension.class)
class JournalOpeningTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("Sixty recorders started at once each open their journal off the event loop and then journal on it: RECORDING_STARTED, CONNECTING, CONNECTED, frames, the seal")
    void manyAtOnce(Vertx vertx) {
        List<SessionRecorderVerticle> recorders = new ArrayList<>();
        List<InProcessTransport> transports = new ArrayList<>();
        // the journal's clock is read for every append: its first reading is RECORDING_STARTED's, on the opening thread
        Map<Integer, String> openedOn = new ConcurrentHashMap<>();
        for (int i = 0; i < 60; i++) {
            InProcessTransport t = new InProcessTransport(List::of);
            transports.add(t);
            int n = i;
            JournalOptions options = JournalOptions.defaults().withClock(() -> {
                openedOn.putIfAbsent(n, Thread.currentThread().getName());
                return System.currentTimeMillis() * 1000;
            });
            recorders.add(new SessionRecorderVerticle(new SessionSettings("many_" + i, root, false, null, (vx, id) -> t,
                    SessionSettings.DEFAULT_BACKFILL_SETTLE_MS, options)));
        }
        Future.all(recorders.stream().map(vertx::deployVerticle).toList()).await();
        transports.forEach(t -> t.receive("{\"type\":\"stream_event\",\"event\":{}}"));
        Future.all(recorders.stream().map(r -> vertx.undeploy(r.deploymentID())).toList()).await();
        assertThat(openedOn).hasSize(60).allSatisfy((n, thread) -> assertThat(thread).as("session many_%d opened on", n)
                .isEqualTo("blackbox-journal-open"));

        for (int i = 0; i < 60; i++) {
            List<EntryKind> kinds = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(root, "many_" + i)) {
                for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                    kinds.add(e.kind());
                }
            }
            assertThat(kinds).as("session many_%d", i).containsExactly(EntryKind.RECORDING_STARTED, EntryKind.CONNECTING,
                    EntryKind.CONNECTED, EntryKind.FRAME_RECEIVED, EntryKind.RECORDING_STOPPED, EntryKind.CHECKPOINT);
        }
    }

    @Test
    @DisplayName("Sixty recorders started at once under a journal root that does not exist yet all start: the root is created once, not refused")
    void manyUnderAMissingRoot(Vertx vertx) {
        Path missing = root.resolve("not").resolve("yet").resolve("there");
        List<SessionRecorderVerticle> recorders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            recorders.add(new SessionRecorderVerticle(new SessionSettings("fresh_" + i, missing, false, null,
                    (vx, id) -> new InProcessTransport(List::of))));
        }
        Future.all(recorders.stream().map(vertx::deployVerticle).toList()).await();
        Future.all(recorders.stream().map(r -> vertx.undeploy(r.deploymentID())).toList()).await();
        for (int i = 0; i < 60; i++) {
            try (JournalReader reader = JournalReader.open(missing, "fresh_" + i)) {
                assertThat(reader.next().kind()).isEqualTo(EntryKind.RECORDING_STARTED);
            }
        }
    }

    @Test
    @DisplayName("A second recorder of a session that is being recorded does not start, and says who holds the journal")
    void secondWriterRefused(Vertx vertx) {
        SessionRecorderVerticle first = new SessionRecorderVerticle(new SessionSettings("twice", root, false, null,
                (vx, id) -> new InProcessTransport(List::of)));
        vertx.deployVerticle(first).await();
        SessionRecorderVerticle second = new SessionRecorderVerticle(new SessionSettings("twice", root, false, null,
                (vx, id) -> new InProcessTransport(List::of)));

        assertThatThrownBy(() -> vertx.deployVerticle(second).await())
                .hasMessageContaining("already being recorded by another writer (pid " + ProcessHandle.current().pid() + ")");
        vertx.undeploy(first.deploymentID()).await();
    }
}
