package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder as a child process against a live stream whose worker keeps going while nobody listens
 * (the simulator's unattended mode): a dropped socket, then a {@code kill -9} in the middle of a burst
 * and a restart on the same journal. Afterwards the journal holds every event the simulator's history
 * holds, each exactly once, received or backfilled.
 */
@ExtendWith(VertxExtension.class)
class BackfillIT {

    static final String TOKEN = "backfill-it-token";
    static final String ORG = "b1b1b1b1-1111-4222-8333-444455556666";
    static final String SESSION = "session_gaps";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("After a dropped socket and after kill -9 and a restart, the journal holds every frame the simulator sent, none twice")
    void gapsAreFilled(Vertx vertx) throws Throwable {
        Scenario scenario = Scenario.parse("gaps", String.join("\n",
                "{\"options\":{\"unattended\":true}}",
                "{\"burst\":{\"count\":200,\"rate\":2000,\"seed\":1}}",
                "{\"close\":{\"code\":1006,\"wait\":false}}",               // dropped: the recorder reconnects after 2 s
                "{\"burst\":{\"count\":300,\"rate\":1000,\"seed\":2}}",     // meanwhile: the history only
                "{\"await_user_message\":{}}",
                "{\"burst\":{\"count\":4000,\"rate\":1000,\"seed\":3}}",    // the recorder is killed in the middle of it
                "{\"await_user_message\":{}}",
                "{\"burst\":{\"count\":50,\"rate\":1000,\"seed\":4}}",
                "{\"await_user_message\":{}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario)).await();
        Path root = tmp.resolve("journal");
        Map<String, String> env = Map.of("BB_IT_TOKEN", TOKEN);
        Process recorder = start(env, sim, root, "first");
        long killedAt = 0;
        try {
            // the drop: 200 received, 300 only in the history, backfilled after the reconnect
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(root.resolve(SESSION)) && count(root, EntryKind.FRAME_BACKFILLED) >= 300);
            assertThat(count(root, EntryKind.FRAME_BACKFILLED)).isEqualTo(300);
            post(vertx, sim, "go on");

            // kill -9 in the middle of the next burst; the worker goes on alone; a new recorder resumes the journal
            await().atMost(Duration.ofSeconds(60)).until(() -> count(root, EntryKind.FRAME_RECEIVED) > 1_500);
            recorder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long receivedAtKill = count(root, EntryKind.FRAME_RECEIVED);
            killedAt = receivedAtKill;
            recorder = start(env, sim, root, "second");
            await().atMost(Duration.ofSeconds(90)).until(() -> sim.history(SESSION).size() >= 200 + 300 + 1 + 4_000);
            post(vertx, sim, "once more");
            await().atMost(Duration.ofSeconds(60)).until(() -> sim.history(SESSION).size() == 200 + 300 + 1 + 4_000 + 1 + 50
                    && covered(root, sim));
            assertThat(count(root, EntryKind.FRAME_BACKFILLED)).as("the kill left a gap that was backfilled").isGreaterThan(300);
            assertThat(receivedAtKill).isLessThan(200 + 4_000);
        } finally {
            recorder.destroy();
            recorder.waitFor(60, TimeUnit.SECONDS);
            recorder.destroyForcibly();
            sim.stop().await();
        }
        List<JournalEntry> journal = RecordIT.journal(root, SESSION);
        Map<String, Integer> times = new HashMap<>();
        journal.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED || e.kind() == EntryKind.FRAME_BACKFILLED)
                .forEach(e -> times.merge(e.payloadText(), 1, Integer::sum));
        for (String event : sim.history(SESSION)) {
            assertThat(times.getOrDefault(event, 0)).as("in the journal exactly once: %s", event.substring(0, Math.min(120, event.length())))
                    .isEqualTo(1);
        }
        Set<String> history = new HashSet<>(sim.history(SESSION));
        assertThat(journal).filteredOn(e -> e.kind() == EntryKind.FRAME_BACKFILLED).allMatch(e -> history.contains(e.payloadText()));
        System.out.printf("BackfillIT: history %d events; journal %d received, %d backfilled (%d received when killed)%n",
                sim.history(SESSION).size(), journal.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).count(),
                journal.stream().filter(e -> e.kind() == EntryKind.FRAME_BACKFILLED).count(), killedAt);
        Jar.Result verify = Jar.run("verify", SESSION, "--journal", root.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        Jar.Result state = Jar.run("state", SESSION, "--journal", root.toString());
        assertThat(state.out()).contains("backfilled from the history");
    }

    static boolean covered(Path root, Simulator sim) {
        Set<String> journaled = new HashSet<>();
        RecordIT.journal(root, SESSION).stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED || e.kind() == EntryKind.FRAME_BACKFILLED)
                .forEach(e -> journaled.add(e.payloadText()));
        return journaled.containsAll(sim.history(SESSION));
    }

    static long count(Path root, EntryKind kind) {
        return RecordIT.journal(root, SESSION).stream().filter(e -> e.kind() == kind).count();
    }

    Process start(Map<String, String> env, Simulator sim, Path root, String name) throws Exception {
        return Jar.start(env, tmp.resolve(name + ".out"), tmp.resolve(name + ".err"), "record", "--base-url", sim.baseUrl(),
                "--session", SESSION, "--org", ORG, "--token-env", "BB_IT_TOKEN", "--journal", root.toString());
    }

    /** A user message straight to the service, as another client would post it. */
    static void post(Vertx vertx, Simulator sim, String text) {
        WebClient web = WebClient.create(vertx);
        try {
            JsonObject event = new JsonObject().put("type", "user").put("uuid", UUID.randomUUID().toString()).put("session_id", SESSION)
                    .putNull("parent_tool_use_id").put("message", new JsonObject().put("role", "user").put("content", text));
            int status = web.postAbs(sim.baseUrl() + "/v1/sessions/" + SESSION + "/events")
                    .putHeader("Authorization", "Bearer " + TOKEN).putHeader("anthropic-version", "2023-06-01")
                    .putHeader("anthropic-beta", "ccr-byoc-2025-07-29").putHeader("x-organization-uuid", ORG)
                    .sendJsonObject(new JsonObject().put("events", new JsonArray().add(event))).await().statusCode();
            assertThat(status).isEqualTo(200);
        } finally {
            web.close();
        }
    }
}
