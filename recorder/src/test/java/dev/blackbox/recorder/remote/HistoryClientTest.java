package dev.blackbox.recorder.remote;

import dev.blackbox.recorder.session.HistorySource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryClientTest {

    @Test
    @DisplayName("Each event of a history page is cut out byte for byte: spacing, key order, escapes and non-ASCII text unchanged")
    void eventsVerbatim() throws Exception {
        String first = "{ \"type\" : \"assistant\",\"uuid\":\"u1\", \"text\":\"caf\u00e9 \\u00e9 \\\"q\\\" \ud83d\ude00\" }";
        String second = "{\"type\":\"control_request\",\"request_id\":\"r1\",\"request\":{\"subtype\":\"can_use_tool\",\"input\":{\"a\":[1,2,{}]}}}";
        String body = "{\"has_more\":true, \"data\": [ " + first + " ,\n" + second + ", \"odd\" ], \"first_id\":\"u1\",\"last_id\":null,\"x\":{\"y\":[]}}";
        HistorySource.Page page = HistoryClient.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(page.events()).hasSize(3);
        assertThat(new String(page.events().get(0), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(new String(page.events().get(1), StandardCharsets.UTF_8)).isEqualTo(second);
        assertThat(new String(page.events().get(2), StandardCharsets.UTF_8)).isEqualTo("\"odd\"");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.firstId()).isEqualTo("u1");
        assertThat(page.lastId()).isNull();
    }

    @Test
    @DisplayName("A page that is not the documented shape is refused, not half read")
    void refusesOtherShapes() {
        assertThatThrownBy(() -> HistoryClient.parse("[]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> HistoryClient.parse("{\"data\":{}}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not an array");
    }
}
