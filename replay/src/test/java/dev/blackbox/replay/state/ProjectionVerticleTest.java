package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.JournalFixture;
import dev.blackbox.replay.fixture.Sessions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
class ProjectionVerticleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void deploy(Vertx vertx) {
        root = tmp.resolve("journal"); // does not exist yet: nothing has been recorded
        vertx.deployVerticle(new ProjectionVerticle(new ProjectionVerticle.Options(root, 5, 50, 7))).await();
    }

    private static JsonObject state(Vertx vertx, String sessionId) {
        Message<JsonObject> reply = vertx.eventBus()
                .<JsonObject>request(Addresses.STATE_GET, new JsonObject().put("sessionId", sessionId)).await();
        return reply.body();
    }

    /** Waits until the live state has applied every entry of the journal, then returns it without "caughtUp". */
    private static JsonNode liveStateOnceCaughtUp(Vertx vertx, String sessionId, long lastSeq) throws Exception {
        AtomicReference<JsonObject> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                JsonObject s = state(vertx, sessionId);
                seen.set(s);
                return s.getBoolean("caughtUp") && s.getLong("lastSeq") == lastSeq;
            } catch (ReplyException notYet) {
                return false;
            }
        });
        ObjectNode node = (ObjectNode) JSON.readTree(seen.get().encode());
        node.remove("caughtUp");
        // the journal's verdict, which a fold alone cannot give: checking, then the verifier's
        assertThat(node.remove("integrity").path("verdict").asText()).isIn("checking", "sealed", "live");
        return node;
    }

    /** The state folded from entry 1, through JSON text like the bus reply (so number types compare alike). */
    private JsonNode rebuilt(String sessionId) throws Exception {
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            return JSON.readTree(SessionState.rebuild(reader).toJson().toString());
        }
    }

    @Test
    @DisplayName("For every session recorded after the projection started, the live state equals one rebuilt from entry 1")
    void liveEqualsRebuilt(Vertx vertx) throws Exception {
        for (Sessions session : Sessions.ALL) {
            String id = session.write(root);
            long lastSeq;
            try (JournalReader reader = JournalReader.open(root, id)) {
                lastSeq = reader.lastEntry().seq();
            }
            JsonNode live = liveStateOnceCaughtUp(vertx, id, lastSeq);
            assertThat(live).as(session.name()).isEqualTo(rebuilt(id));
            assertThat(live.path("status").asText()).isEqualTo("stopped");
        }
    }

    @Test
    @DisplayName("A session followed while it is being written reaches the same state as a rebuild")
    void followsWhileWriting(Vertx vertx) throws Exception {
        String id = "session_live";
        try (JournalFixture f = JournalFixture.create(root, id)) {
            f.started().connect(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    return state(vertx, id).getLong("lastSeq") == 3;
                } catch (ReplyException notYet) {
                    return false;
                }
            });
            assertThat(state(vertx, id).getString("status")).isEqualTo("connected");
            f.sample("real-worker-allow.jsonl").stopped("done");
        }
        long lastSeq;
        try (JournalReader reader = JournalReader.open(root, id)) {
            lastSeq = reader.lastEntry().seq();
        }
        assertThat(liveStateOnceCaughtUp(vertx, id, lastSeq)).isEqualTo(rebuilt(id));
    }

    @Test
    @DisplayName("sessions.list lists every followed session and state.changed announces new entries")
    void listAndChanges(Vertx vertx, VertxTestContext ctx) {
        var changed = ctx.checkpoint();
        vertx.eventBus().<JsonObject>consumer(Addresses.STATE_CHANGED, m -> {
            if ("session_allow".equals(m.body().getString("sessionId")) && "stopped".equals(m.body().getString("status"))) {
                changed.flag();
            }
        }).completion().await();
        Sessions.ALLOW.write(root);
        Sessions.INTERRUPT.write(root);
        await().atMost(Duration.ofSeconds(10)).until(() -> vertx.eventBus()
                .<JsonObject>request(Addresses.SESSIONS_LIST, new JsonObject()).await()
                .body().getJsonArray("sessions").size() == 2);
        JsonObject first = vertx.eventBus().<JsonObject>request(Addresses.SESSIONS_LIST, new JsonObject()).await()
                .body().getJsonArray("sessions").getJsonObject(0);
        ctx.verify(() -> assertThat(first.getString("sessionId")).isEqualTo("session_allow"));
    }

    @Test
    @DisplayName("Asking for an unknown session fails with 404 and a message naming it")
    void unknownSession(Vertx vertx, VertxTestContext ctx) {
        vertx.eventBus().request(Addresses.STATE_GET, new JsonObject().put("sessionId", "session_nope"))
                .onComplete(ctx.failing(err -> ctx.verify(() -> {
                    assertThat(((ReplyException) err).failureCode()).isEqualTo(404);
                    assertThat(err.getMessage()).contains("session_nope");
                    ctx.completeNow();
                })));
    }
}
