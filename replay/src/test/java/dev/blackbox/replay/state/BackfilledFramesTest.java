package dev.blackbox.replay.state;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.transcript.Interpreter;
import dev.blackbox.replay.transcript.Item;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pure folds over hand-made entries: frames backfilled from the history and session-scoped rules. */
class BackfilledFramesTest {

    private static final String RESULT = "{\"type\":\"result\",\"subtype\":\"success\",\"uuid\":\"u-result\",\"is_error\":false,"
            + "\"total_cost_usd\":0.25,\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";
    private static final String ASSISTANT = "{\"type\":\"assistant\",\"uuid\":\"u-a1\",\"message\":{\"id\":\"msg_1\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"recovered words\"}]}}";

    private final List<JournalEntry> entries = new ArrayList<>();

    private void add(EntryKind kind, String payload) {
        long seq = entries.size() + 1;
        entries.add(new JournalEntry(seq, 1_000_000L * seq, kind, payload.getBytes(StandardCharsets.UTF_8), new byte[32]));
    }

    @Test
    @DisplayName("Backfilled frames count as received, once each: the state says how many came from the history")
    void backfilledCountOnce() {
        add(EntryKind.FRAME_RECEIVED, "{\"type\":\"system\",\"subtype\":\"init\",\"uuid\":\"u-init\",\"model\":\"m\"}");
        add(EntryKind.FRAME_BACKFILLED, ASSISTANT);
        add(EntryKind.FRAME_BACKFILLED, RESULT);
        add(EntryKind.FRAME_RECEIVED, RESULT); // the socket delivered it too, later: same uuid, no second cost
        SessionState state = new SessionState("s1");
        entries.forEach(state::apply);
        assertThat(state.backfilled()).isEqualTo(2);
        assertThat(state.framesReceived()).isEqualTo(4);
        assertThat(state.duplicates()).isEqualTo(1);
        assertThat(state.turns()).isEqualTo(1);
        assertThat(state.costUsd()).isEqualTo(0.25);
        assertThat(state.toJson().at("/frames/backfilled").asLong()).isEqualTo(2);
        assertThat(state.summaryJson().path("backfilled").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("A transcript shows backfilled frames like received ones, then one line saying how many were backfilled")
    void transcriptSaysHowMany() {
        add(EntryKind.CONNECTED, new String(JournalRecord.Codec.encode(new JournalRecord.Connected(2)), StandardCharsets.UTF_8));
        add(EntryKind.FRAME_BACKFILLED, ASSISTANT);
        add(EntryKind.FRAME_BACKFILLED, RESULT);
        add(EntryKind.FRAME_RECEIVED, "{\"type\":\"keep_alive\"}");
        List<Item> items = new ArrayList<>();
        Interpreter interpreter = new Interpreter(0);
        entries.forEach(e -> interpreter.interpret(e, items::add));
        assertThat(items).anyMatch(i -> "recovered words".equals(i.body()) && i.who() == Item.Who.ASSISTANT);
        assertThat(items).filteredOn(i -> i.headline() != null && i.headline().contains("backfilled"))
                .singleElement().satisfies(i -> {
                    assertThat(i.headline()).startsWith("2 frames above backfilled from the session's history");
                    assertThat(i.seq()).isEqualTo(4);
                });
    }

    @Test
    @DisplayName("A session rule is told in the transcript with who made it, and counted in the state")
    void ruleAdded() {
        add(EntryKind.POLICY_RULE_ADDED, new String(JournalRecord.Codec.encode(new JournalRecord.PolicyRuleAdded(
                "r1a2b3c4", "Bash", Map.of("command", "^ls$"), "allow", "alice", "req-1")), StandardCharsets.UTF_8));
        SessionState state = new SessionState("s1");
        entries.forEach(state::apply);
        assertThat(state.toJson().at("/permissions/sessionRules").asLong()).isEqualTo(1);
        List<Item> items = new ArrayList<>();
        new Interpreter(0).interpret(entries.get(0), items::add);
        assertThat(items).singleElement().satisfies(i -> assertThat(i.headline())
                .isEqualTo("rule r1a2b3c4 added by alice: allow Bash where {command=^ls$} for the rest of this session"));
    }
}
