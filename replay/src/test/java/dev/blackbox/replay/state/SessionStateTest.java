package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SessionStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private JsonNode fold(Sessions session) {
        String id = session.write(root);
        try (JournalReader reader = JournalReader.open(root, id)) {
            return SessionState.rebuild(reader).toJson();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sessions.class)
    @DisplayName("The counts-only fold (the HTML page's totals) counts exactly what the full fold counts, and keeps no logs")
    void countsOnly(Sessions session) {
        String id = session.write(root);
        SessionState full, counts = SessionState.countsOnly(id);
        try (JournalReader reader = JournalReader.open(root, id)) {
            full = SessionState.rebuild(reader);
        }
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                counts.apply(e);
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode f = full.toJson(), c = counts.toJson();
        assertThat(c.at("/permissions/decisions").size()).isZero();
        assertThat(c.at("/turns/results").size()).isZero();
        assertThat(c.at("/connection/history").size()).isZero();
        for (String log : List.of("/permissions", "/turns", "/connection")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) f.at(log)).remove(List.of("decisions", "results", "history"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.at(log)).remove(List.of("decisions", "results", "history"));
        }
        assertThat(c).isEqualTo(f);
        assertThat(full.toJson().at("/permissions/decisions").size() + full.toJson().at("/turns/results").size())
                .as("the full fold does keep logs for this session").isPositive();
    }

    @Test
    @DisplayName("An allowed tool call: one turn, one allow decided by alice via cli after 2.5 s, nothing pending")
    void allow() {
        JsonNode s = fold(Sessions.ALLOW);
        assertThat(s.path("status").asText()).isEqualTo("stopped");
        assertThat(s.at("/agent/model").asText()).isEqualTo("claude-opus-5-5");
        assertThat(s.at("/agent/cwd").asText()).isEqualTo("$ROOT/run/allow/work");
        assertThat(s.at("/agent/permissionMode").asText()).isEqualTo("default");
        assertThat(s.at("/agent/tools").size()).isGreaterThan(5);
        assertThat(s.at("/permissions/pending").size()).isZero();
        assertThat(s.at("/permissions/outcomes/allow").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/decisions/0/decidedBy").asText()).isEqualTo("alice");
        assertThat(s.at("/permissions/decisions/0/via").asText()).isEqualTo("cli");
        assertThat(s.at("/permissions/decisions/0/latencyMs").asDouble()).isEqualTo(2500.0);
        assertThat(s.at("/turns/count").asLong()).isEqualTo(1);
        assertThat(s.at("/turns/prompts").asLong()).isEqualTo(1);
        assertThat(s.at("/turns/results/0/subtype").asText()).isEqualTo("success");
        assertThat(s.at("/turns/results/0/durationMs").asLong()).isEqualTo(665);
        assertThat(s.at("/turns/results/0/numTurns").asLong()).isEqualTo(2);
        assertThat(s.at("/usage/costUsd").asDouble()).isCloseTo(0.000616, within(1e-12));
        assertThat(s.at("/frames/receivedByType/assistant").asLong()).isEqualTo(3);
        assertThat(s.at("/frames/receivedByType/control_request~1can_use_tool").asLong()).isEqualTo(1);
        assertThat(s.at("/frames/sentByType/control_response").asLong()).isEqualTo(1);
        assertThat(s.at("/malformed/count").asLong()).isZero();
    }

    @Test
    @DisplayName("A prompt withdrawn by the session counts as cancelled, and the interrupted turn as an error")
    void interrupt() {
        JsonNode s = fold(Sessions.INTERRUPT);
        assertThat(s.at("/permissions/pending").size()).isZero();
        assertThat(s.at("/permissions/outcomes/cancelled").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/decisions/0/outcome").asText()).isEqualTo("cancelled");
        assertThat(s.at("/turns/errors").asLong()).isEqualTo(1);
        assertThat(s.at("/turns/results/0/subtype").asText()).isEqualTo("error_during_execution");
        assertThat(s.at("/turns/interruptsRequested").asLong()).isEqualTo(1);
        assertThat(s.at("/frames/sentByType/control_request~1interrupt").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("Replays after a reconnect are counted as received but cost, usage, turns and prompts only once")
    void replaysCountOnce() {
        JsonNode s = fold(Sessions.ROUGH);
        assertThat(s.at("/connection/connects").asLong()).isEqualTo(2);
        assertThat(s.at("/connection/reconnects").asLong()).isEqualTo(1);
        assertThat(s.at("/connection/lastCloseCode").asInt()).isEqualTo(4003);
        assertThat(s.at("/connection/history/2/event").asText()).isEqualTo("reconnecting");
        assertThat(s.at("/frames/duplicates").asLong()).isEqualTo(2);
        assertThat(s.at("/permissions/requested").asLong()).isEqualTo(3);
        assertThat(s.at("/permissions/repeatedRequests").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/outcomes/allow").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/outcomes/deny").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/outcomes/timeout").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/refused").asLong()).isEqualTo(1);
        assertThat(s.at("/permissions/refusedByWhy/already decided").asLong()).isEqualTo(1);
        assertThat(s.at("/turns/count").asLong()).isEqualTo(2);
        assertThat(s.at("/usage/costUsd").asDouble()).isCloseTo(0.000616 + 0.0021, within(1e-12));
        assertThat(s.at("/usage/results/inputTokens").asLong()).isEqualTo(84 + 120);
        assertThat(s.at("/usage/results/outputTokens").asLong()).isEqualTo(14 + 30);
        assertThat(s.at("/usage/assistant/messages").asLong()).isEqualTo(3);
        assertThat(s.at("/usage/assistant/inputTokens").asLong()).isEqualTo(42 + 42 + 77);
    }

    @Test
    @DisplayName("Malformed frames are counted by reason: not JSON, not an object, no type, empty, binary")
    void malformed() {
        JsonNode s = fold(Sessions.ROUGH);
        assertThat(s.at("/malformed/count").asLong()).isEqualTo(6);
        assertThat(s.at("/malformed/byReason/not JSON").asLong()).isEqualTo(2);
        assertThat(s.at("/malformed/byReason/not a JSON object").asLong()).isEqualTo(1);
        assertThat(s.at("/malformed/byReason/no type").asLong()).isEqualTo(1);
        assertThat(s.at("/malformed/byReason/empty").asLong()).isEqualTo(1);
        assertThat(s.at("/malformed/byReason/binary frame").asLong()).isEqualTo(1);
        assertThat(s.at("/malformed/samples/0/preview").asText()).isEqualTo("this is not json");
        assertThat(s.at("/frames/receivedByType/brand_new_type").asLong()).isEqualTo(1);
        assertThat(s.at("/frames/receivedByType/keep_alive").asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Sessions.class)
    @DisplayName("Cost and result tokens equal what the session sent, counting each result uuid once")
    void totalsEqualWhatWasSent(Sessions session) throws Exception {
        String id = session.write(root);
        double cost = 0;
        long input = 0, output = 0;
        Set<String> seen = new HashSet<>();
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        for (JournalEntry e : entries) {
            if (e.kind() != EntryKind.FRAME_RECEIVED) {
                continue;
            }
            JsonNode f;
            try {
                f = JSON.readTree(new String(e.payload(), StandardCharsets.UTF_8));
            } catch (Exception notJson) {
                continue;
            }
            if (f != null && "result".equals(f.path("type").asText()) && seen.add(f.path("uuid").asText())) {
                cost += f.path("total_cost_usd").asDouble();
                input += f.at("/usage/input_tokens").asLong();
                output += f.at("/usage/output_tokens").asLong();
            }
        }
        SessionState state = new SessionState(id);
        entries.forEach(state::apply);
        assertThat(state.costUsd()).isCloseTo(cost, within(1e-12));
        assertThat(state.resultUsage().inputTokens()).isEqualTo(input);
        assertThat(state.resultUsage().outputTokens()).isEqualTo(output);
        assertThat(cost).isPositive();
    }

    @Test
    @DisplayName("Applying an entry twice changes nothing")
    void idempotent() {
        String id = Sessions.ROUGH.write(root);
        List<JournalEntry> entries = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                entries.add(e);
            }
        }
        SessionState once = new SessionState(id);
        SessionState twice = new SessionState(id);
        entries.forEach(once::apply);
        for (JournalEntry e : entries) {
            assertThat(twice.apply(e)).isTrue();
            assertThat(twice.apply(e)).isFalse();
        }
        twice.apply(entries.get(3));
        assertThat(twice.toJson()).isEqualTo(once.toJson());
    }
}
