package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The frames that end an interrupted turn")
class InterruptEndingTest {

    /** The real worker's frames, shipped in the simulator jar from shared/samples/ so any checkout runs it. */
    private static final String SAMPLE = "/samples/real-worker-interrupt-while-pending.jsonl";

    @Test
    @DisplayName("carry every field of the real worker's rejected tool_result, synthetic user frame and result")
    void matchTheSample() throws IOException {
        List<JsonNode> sample = new ArrayList<>();
        for (String line : readSample()) {
            JsonNode entry = FrameJson.parseOrNull(line);
            if ("out".equals(entry.get("dir").asText())) {
                sample.add(entry.get("frame"));
            }
        }
        JsonNode prompt = sample.stream().filter(f -> "control_request".equals(FrameJson.typeOf(f))).findFirst().orElseThrow();
        PermissionTable table = new PermissionTable();
        table.observeSent(new Frame(prompt, FrameJson.write(prompt)));
        TurnTracker turn = new TurnTracker();
        turn.observeSent(sample.stream().filter(f -> "assistant".equals(FrameJson.typeOf(f))).findFirst().orElseThrow());

        List<Frame> ours = new InterruptEnding("session_x").abortedTools(table.pendingPermissions(), turn);

        List<JsonNode> theirs = sample.subList(sample.size() - 3, sample.size());
        assertThat(ours).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(names(ours.get(i).node())).as("frame %d", i).containsAll(names(theirs.get(i)));
            assertThat(ours.get(i).node().get("type")).isEqualTo(theirs.get(i).get("type"));
        }
        assertThat(ours.get(0).node().get("message")).isEqualTo(theirs.get(0).get("message"));
        assertThat(ours.get(0).node().get("tool_result_meta")).isEqualTo(theirs.get(0).get("tool_result_meta"));
        assertThat(ours.get(1).node().get("message")).isEqualTo(theirs.get(1).get("message"));
        JsonNode result = ours.get(2).node();
        assertThat(result.get("terminal_reason").asText()).isEqualTo("aborted_tools");
        assertThat(result.get("subtype").asText()).isEqualTo("error_during_execution");
        assertThat(result.get("permission_denials")).isEqualTo(theirs.get(2).get("permission_denials"));
        assertThat(names(result.get("usage"))).containsAll(names(theirs.get(2).get("usage")));
        assertThat(FrameJson.text(ours.get(3).node(), "subtype")).isEqualTo("session_state_changed");
    }

    @Test
    @DisplayName("keep what was streamed so far in the aborted assistant message")
    void abortedStreaming() {
        TurnTracker turn = new TurnTracker();
        turn.observeSent(FrameJson.parseOrNull("{\"type\":\"stream_event\",\"event\":{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}}"));
        turn.observeSent(FrameJson.parseOrNull("{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello \"}}}"));
        turn.observeSent(FrameJson.parseOrNull("{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"world\"}}}"));

        List<Frame> ours = new InterruptEnding("session_x").abortedStreaming(turn);

        JsonNode assistant = ours.get(0).node();
        assertThat(assistant.get("aborted").asBoolean()).isTrue();
        assertThat(assistant.at("/message/id").asText()).isEqualTo("msg_1");
        assertThat(assistant.at("/message/content/0/text").asText()).isEqualTo("Hello world");
        assertThat(ours.get(1).node().at("/message/content/0/text").asText()).isEqualTo("[Request interrupted by user]");
        assertThat(ours.get(2).node().get("terminal_reason").asText()).isEqualTo("aborted_streaming");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> readSample() throws IOException {
        try (var in = InterruptEndingTest.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IOException("test resource " + SAMPLE + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }
}
