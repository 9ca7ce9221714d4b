package dev.blackbox.frame;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The one classifier of frames, used by the recorder, the state, the transcripts and the console. */
class FrameSnifferTest {

    private final FrameSniffer sniffer = new FrameSniffer();

    private FrameSniffer sniff(String text) {
        sniffer.sniff(text.getBytes(StandardCharsets.UTF_8));
        return sniffer;
    }

    @Test
    @DisplayName("The top-level type is found wherever it stands, never a nested one")
    void topLevelTypeOnly() {
        assertThat(sniff("{\"message\":{\"type\":\"message\",\"content\":[{\"type\":\"text\"}]},\"type\":\"assistant\"}").type())
                .isEqualTo("assistant");
        assertThat(sniff("{\"message\":{\"type\":\"message\"}}").problem()).isEqualTo(FrameSniffer.NO_TYPE);
        assertThat(sniff("{\"type\":7}").problem()).isEqualTo(FrameSniffer.NO_TYPE);
    }

    @Test
    @DisplayName("Subtypes come from where each type keeps them: top level, request or response")
    void subtypes() {
        assertThat(sniff("{\"type\":\"control_request\",\"request_id\":\"r\",\"request\":{\"subtype\":\"can_use_tool\"}}")
                .qualifiedType()).isEqualTo("control_request/can_use_tool");
        assertThat(sniff("{\"type\":\"system\",\"subtype\":\"status\",\"status\":\"compacting\"}").subtype()).isEqualTo("status");
        assertThat(sniff("{\"type\":\"control_response\",\"response\":{\"subtype\":\"error\"}}").subtype()).isEqualTo("error");
        assertThat(sniff("{\"type\":\"stream_event\",\"event\":{}}").subtype()).isNull();
        assertThat(sniff("{\"type\":\"assistant\"}").problem()).isNull();
    }

    @Test
    @DisplayName("The type alone is read from the first bytes; malformed is what was read, and a frame that is whole is never refused")
    void typeFromTheFirstBytes() {
        assertThat(sniffer.sniffType(bytes("{\"type\":\"stream_event\",\"event\":{\"delta\":"), 0, 30)).isTrue();
        assertThat(sniffer.type()).isEqualTo("stream_event");
        assertThat(sniffer.subtype()).isNull();
        assertThat(sniff("{\"type\":\"stream_event\",\"event\":{\"delta\":").problem()).isEqualTo(FrameSniffer.NOT_JSON);

        byte[] result = bytes("{\"duration_ms\":12,\"usage\":{\"input_tokens\":1},\"type\":\"result\",\"subtype\":\"success\"}");
        assertThat(sniffer.sniffType(result, 0, result.length)).isTrue();
        assertThat(sniffer.type()).isEqualTo("result");

        for (String bad : new String[]{"this is {not json", "[1,2,3]", "", "{\"no\":\"type\"}", "{\"type\":7}", "{\"a\":[,],\"type\":\"x\"}"}) {
            byte[] b = bytes(bad);
            assertThat(sniffer.sniffType(b, 0, b.length)).as(bad).isFalse();
            String why = sniffer.problem();
            assertThat(sniffer.sniff(b)).as(bad).isFalse();
            assertThat(why).as(bad).isEqualTo(sniffer.problem());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("Not JSON, not an object, truncated, followed by garbage or empty: malformed, with why")
    void malformed() {
        assertThat(sniff("this is {not json").problem()).isEqualTo(FrameSniffer.NOT_JSON);
        assertThat(sniff("[1,2,3]").problem()).isEqualTo(FrameSniffer.NOT_OBJECT);
        assertThat(sniff("\"text\"").problem()).isEqualTo(FrameSniffer.NOT_OBJECT);
        assertThat(sniff("{\"type\":\"user\"").problem()).isEqualTo(FrameSniffer.NOT_JSON);
        assertThat(sniff("{\"type\":\"user\"} trailing").problem()).isEqualTo(FrameSniffer.NOT_JSON);
        assertThat(sniff("{\"type\":\"user\",\"message\":{\"content\":[1,}}").problem()).isEqualTo(FrameSniffer.NOT_JSON);
        assertThat(sniff("").problem()).isEqualTo(FrameSniffer.EMPTY);
    }
}
