package dev.blackbox.recorder.session;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class InboundFrameTest {

    private static InboundFrame parse(String text) {
        return InboundFrame.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("The top-level type is found wherever it stands, never a nested one")
    void topLevelTypeOnly() {
        assertThat(parse("{\"message\":{\"type\":\"message\",\"content\":[{\"type\":\"text\"}]},\"type\":\"assistant\"}").type())
                .isEqualTo("assistant");
        assertThat(parse("{\"message\":{\"type\":\"message\"}}").malformedReason()).isEqualTo("no string 'type' field");
        assertThat(parse("{\"type\":7}").malformedReason()).isEqualTo("no string 'type' field");
    }

    @Test
    @DisplayName("Only the types the recorder routes are parsed into a JSON object")
    void onlyRoutedTypesMaterialised() {
        InboundFrame request = parse("{\"type\":\"control_request\",\"request_id\":\"r\",\"request\":{\"subtype\":\"can_use_tool\"}}");
        assertThat(request.json().getString("request_id")).isEqualTo("r");
        assertThat(parse("{\"type\":\"system\",\"subtype\":\"status\",\"status\":\"compacting\"}").subtype()).isEqualTo("status");
        assertThat(parse("{\"type\":\"stream_event\",\"event\":{}}").json()).isNull();
        assertThat(parse("{\"type\":\"assistant\"}").isMalformed()).isFalse();
    }

    @Test
    @DisplayName("Not JSON, not an object, truncated or followed by garbage: malformed, with why")
    void malformed() {
        assertThat(parse("this is {not json").malformedReason()).isEqualTo("not JSON");
        assertThat(parse("[1,2,3]").malformedReason()).isEqualTo("not a JSON object");
        assertThat(parse("\"text\"").malformedReason()).isEqualTo("not a JSON object");
        assertThat(parse("{\"type\":\"user\"").malformedReason()).isEqualTo("not JSON");
        assertThat(parse("{\"type\":\"user\"} trailing").malformedReason()).isEqualTo("not JSON");
        assertThat(parse("").malformedReason()).isEqualTo("not a JSON object");
    }
}
