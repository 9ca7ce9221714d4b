package dev.blackbox.app.fleet;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.replay.remote.JournalPage;
import dev.blackbox.replay.remote.JournalPageServer;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Journals read over the bus from the node that holds them, page by page, verified from entry 1 by
 * the reader. One process here (the bus is the same code clustered or not; FleetIT runs it across JVMs).
 */
class RemoteJournalTest {

    @TempDir
    Path root;

    Vertx vertx;
    FleetDirectory directory;

    @BeforeEach
    void serve() {
        vertx = Vertx.vertx();
        directory = new FleetDirectory(vertx, FleetNode.of(vertx));
        vertx.deployVerticle(new FleetQueryVerticle(directory)).await();
        vertx.deployVerticle(new JournalPageServer(List.of(root), directory.node().id())).await();
    }

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** Writes {@code frames} frames and closes the journal, which seals it: the entries are the frames and the seal. */
    List<JournalEntry> write(String sessionId, int frames) {
        try (SessionJournal journal = SessionJournal.open(root, sessionId)) {
            for (int i = 0; i < frames; i++) {
                journal.append(EntryKind.FRAME_RECEIVED, ("{\"type\":\"assistant\",\"uuid\":\"u" + i + "\",\"n\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        directory.holds(List.of(sessionId)).await();
        return local(sessionId);
    }

    List<JournalEntry> local(String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e; (e = reader.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    /** Reads everything on a thread of its own (a blocking source must not run on an event loop). */
    static List<JournalEntry> readAll(RemoteEntries entries) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<JournalEntry> out = new ArrayList<>();
            for (JournalEntry e; (e = entries.next()) != null; ) {
                out.add(e);
            }
            return out;
        }).get(60, TimeUnit.SECONDS);
    }

    static String fingerprint(JournalEntry e) {
        return e.seq() + "/" + e.tsMicros() + "/" + e.kind() + "/" + Base64.getEncoder().encodeToString(e.payload())
                + "/" + Base64.getEncoder().encodeToString(e.hash());
    }

    @Test
    @DisplayName("A remote journal read in pages is the local journal byte for byte, and its chain checks out on the reader's side")
    void pagesEqualTheJournal() throws Exception {
        List<JournalEntry> written = write("s_remote", 2_500);
        RemoteJournal journal = RemoteJournal.locate(vertx, "s_remote").await();
        assertThat(journal.node()).isEqualTo(directory.node().id());
        RemoteEntries entries = RemoteEntries.blocking(journal, 0, 300, 1 << 20);
        List<JournalEntry> read = readAll(entries);
        assertThat(read).extracting(RemoteJournalTest::fingerprint).containsExactlyElementsOf(
                written.stream().map(RemoteJournalTest::fingerprint).toList());
        assertThat(entries.integrity().ok()).isTrue();
        assertThat(entries.integrity().verified()).as("the frames and the seal").isEqualTo(2_501);
        assertThat(entries.pages()).as("one page per 300 entries, asked one after the other, and one that says: no more")
                .isEqualTo(2_500 / 300 + 1 + 1);
    }

    @Test
    @DisplayName("A slow reader that has been told 'no more' hands out what it holds without asking the node again per entry")
    void caughtUpReaderDoesNotPollPerEntry() throws Exception {
        write("s_slow", 2_500);
        RemoteEntries entries = RemoteEntries.blocking(RemoteJournal.locate(vertx, "s_slow").await(), 0, 300, 1 << 20);
        List<JournalEntry> read = new ArrayList<>(CompletableFuture.supplyAsync(() -> {
            List<JournalEntry> first = new ArrayList<>();
            while (first.size() < 2_401) { // into the last page (2,401..2,501): the read-ahead asks for the next, empty one
                first.add(entries.next());
            }
            return first;
        }).get(60, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(30)).until(() -> entries.pages() == 10);
        read.addAll(readAll(entries));
        assertThat(read).hasSize(2_501);
        // a request sent while draining would be answered after the last entry was handed out: give it the time
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> entries.pages() == 10);
    }

    @Test
    @DisplayName("A page stays within its byte budget, but always carries at least one entry")
    void byteBudget() {
        write("s_bytes", 10);
        RemoteJournal journal = RemoteJournal.locate(vertx, "s_bytes").await();
        JournalPage page = journal.page(1, 1000, 1, 0).await();
        assertThat(page.entries()).hasSize(1);
        assertThat(page.nextSeq()).isEqualTo(2);
        assertThat(page.lastSeq()).as("ten frames and the seal").isEqualTo(11);
    }

    @Test
    @DisplayName("Following a live journal over the bus: entries appended later arrive, with one long poll per idle wait")
    void followLive() throws Exception {
        write("s_live", 3);
        RemoteEntries entries = RemoteEntries.blocking(RemoteJournal.locate(vertx, "s_live").await(), 2_000);
        assertThat(readAll(entries)).as("three frames and the seal").hasSize(4);
        CompletableFuture<JournalEntry> later = CompletableFuture.supplyAsync(entries::next);
        try (SessionJournal journal = SessionJournal.open(root, "s_live")) {
            journal.append(EntryKind.FRAME_RECEIVED, "{\"type\":\"result\",\"uuid\":\"late\"}".getBytes(StandardCharsets.UTF_8));
        }
        JournalEntry e = later.get(10, TimeUnit.SECONDS);
        assertThat(e.seq()).isEqualTo(5);
        assertThat(e.payloadText()).contains("late");
        assertThat(entries.integrity().ok()).isTrue();
    }

    @Test
    @DisplayName("An entry altered on the way is caught by the reader: the source ends at that seq, naming it")
    void tamperedInTransit() throws Exception {
        List<JournalEntry> written = write("s_tamper", 20);
        String liar = "liar-node";
        vertx.eventBus().<JsonObject>consumer(Addresses.nodeJournal(liar), m -> {
            JsonObject page = new JournalPage("s_tamper", written, 21, 20, false).toJson();
            page.getJsonArray("entries").getJsonObject(11).put("payload",
                    Base64.getEncoder().encodeToString("{\"type\":\"assistant\",\"n\":\"forged\"}".getBytes(StandardCharsets.UTF_8)));
            m.reply(page);
        }).completion().await();
        RemoteEntries entries = RemoteEntries.blocking(new RemoteJournal(vertx, "s_tamper", liar, "liar-host"), 0);
        List<JournalEntry> shown = new ArrayList<>();
        assertThatThrownBy(() -> CompletableFuture.runAsync(() -> {
            for (JournalEntry e; (e = entries.next()) != null; ) {
                shown.add(e);
            }
        }).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(JournalException.class)
                .hasMessageContaining("broken at seq 12: hash mismatch");
        assertThat(shown).hasSize(11);
        assertThat(entries.integrity().firstBadSeq()).isEqualTo(12);
    }

    @Test
    @DisplayName("A session the fleet does not know, and one whose node left, are refused with a line that says so")
    void unreachable() {
        assertThatThrownBy(() -> RemoteJournal.locate(vertx, "s_nowhere").await())
                .isInstanceOf(RemoteJournal.Unreachable.class).hasMessageContaining("no node of the cluster holds a journal of session s_nowhere");
        vertx.sharedData().<String, JsonObject>getAsyncMap(FleetDirectory.MAP).compose(m -> m.put("s_gone", new JsonObject()
                .put("sessionId", "s_gone").put("node", "departed").put("host", "hostb").put("state", "recording"))).await();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> RemoteJournal.locate(vertx, "s_gone").await())
                .hasMessage("the journal of session s_gone is on host hostb (node departed), which left the cluster (recorder lost)"));
    }
}
