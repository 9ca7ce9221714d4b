package dev.blackbox.console.transcript;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
class TranscriptTest {

    private static final String SESSION = "session_console_1";
    private static final String ASSISTANT = """
            {"type":"assistant","message":{"id":"msg_1","role":"assistant","content":[{"type":"text","text":"I'll run the tests."},\
            {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"npm test"}}]},"session_id":"s","uuid":"u-1"}""";
    private static final String PERMISSION = """
            {"type":"control_request","request_id":"perm-1","request":{"subtype":"can_use_tool","tool_name":"Bash",\
            "input":{"command":"npm test"},"tool_use_id":"toolu_1"}}""";
    private static final String TOOL_RESULT = """
            {"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",\
            "content":"42 passing","is_error":false}]},"session_id":"s","uuid":"u-2"}""";

    @TempDir
    Path root;
    private SessionJournal journal;

    @BeforeEach
    void record() {
        journal = SessionJournal.open(root, SESSION);
        journal.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, SESSION, "org", "http://127.0.0.1:1",
                true, "test", "host", "persistent"));
        frame(ASSISTANT);
        frame(PERMISSION);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private void frame(String text) {
        journal.append(EntryKind.FRAME_RECEIVED, text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonObject history(Vertx vertx, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(Addresses.CONSOLE_HISTORY, body).await().body();
    }

    @Test
    @DisplayName("The history is the transcript replay tells: recording start, assistant text, tool call, permission request, and the recording's facts")
    void history(Vertx vertx) {
        vertx.deployVerticle(new TranscriptHistory(root, 100)).await();
        JsonObject reply = history(vertx, new JsonObject().put("sessionId", SESSION));

        assertThat(reply.getLong("lastSeq")).isEqualTo(3);
        assertThat(reply.getBoolean("viewerOnly")).isTrue();
        assertThat(reply.getBoolean("stopped")).isFalse();
        JsonArray items = reply.getJsonArray("items");
        assertThat(items.stream().map(o -> ((JsonObject) o).getString("who"))).containsExactly("system", "assistant", "tool", "permission");
        JsonObject text = items.getJsonObject(1);
        assertThat(text.getString("body")).isEqualTo("I'll run the tests.");
        assertThat(text.getLong("seq")).isEqualTo(2);
        assertThat(items.getJsonObject(2).getString("headline")).contains("Bash", "npm test");
        assertThat(items.getJsonObject(2).getBoolean("code")).isTrue();

        JsonObject later = history(vertx, new JsonObject().put("sessionId", SESSION).put("fromSeq", 3));
        assertThat(later.getJsonArray("items")).hasSize(1);
        assertThat(later.getJsonArray("items").getJsonObject(0).getString("who")).isEqualTo("permission");
    }

    @Test
    @DisplayName("A history longer than the limit keeps the newest items and counts the others")
    void historyLimit(Vertx vertx) {
        vertx.deployVerticle(new TranscriptHistory(root, 2)).await();
        JsonObject reply = history(vertx, new JsonObject().put("sessionId", SESSION));
        assertThat(reply.getJsonArray("items")).hasSize(2);
        assertThat(reply.getLong("omitted")).isEqualTo(2);
        assertThat(reply.getJsonArray("items").getJsonObject(1).getString("who")).isEqualTo("permission");
    }

    @Test
    @DisplayName("An unknown session is a 404 and a malformed id a 400, each saying why")
    void badQueries(Vertx vertx) {
        vertx.deployVerticle(new TranscriptHistory(root, 100)).await();
        assertThatThrownBy(() -> history(vertx, new JsonObject().put("sessionId", "nobody")))
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no journal for session nobody");
                });
        assertThatThrownBy(() -> history(vertx, new JsonObject().put("sessionId", "../etc")))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
        assertThatThrownBy(() -> history(vertx, new JsonObject().put("sessionId", SESSION).put("fromSeq", "x")))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(400));
    }

    @Test
    @DisplayName("The feed publishes only what is recorded after it started, each entry with its rendered items")
    void feed(Vertx vertx) {
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.frames(SESSION), m -> published.add(m.body())).completion().await();
        SessionFeedVerticle feed = new SessionFeedVerticle(root, SESSION, 5);
        vertx.deployVerticle(feed).await();

        frame(TOOL_RESULT);
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        JsonObject entry = published.get(0);
        assertThat(entry.getLong("seq")).isEqualTo(4);
        assertThat(entry.getString("kind")).isEqualTo("FRAME_RECEIVED");
        assertThat(entry.getString("payload")).isEqualTo(TOOL_RESULT);
        // seq 4 first: the entries from before the start were not published, yet the interpreter remembers the tool call from before the feed went live
        assertThat(entry.getJsonArray("items").getJsonObject(0).getString("headline")).isEqualTo("result of Bash");
    }

    @Test
    @DisplayName("A feed for a session not recorded yet starts with its first entry")
    void feedBeforeRecording(Vertx vertx) {
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.frames("later"), m -> published.add(m.body())).completion().await();
        vertx.deployVerticle(new SessionFeedVerticle(root, "later", 5)).await();
        try (SessionJournal later = SessionJournal.open(root, "later")) {
            later.append(EntryKind.FRAME_RECEIVED, ASSISTANT.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
        }
        assertThat(published.get(0).getLong("seq")).isEqualTo(1);
        assertThat(published.get(0).getJsonArray("items")).hasSize(2);
    }
}
