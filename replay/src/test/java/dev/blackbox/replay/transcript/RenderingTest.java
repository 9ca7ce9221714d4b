package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.replay.fixture.JournalFixture;
import dev.blackbox.replay.fixture.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderingTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("Text has ANSI colours only when asked, and a session's own escape characters are shown, not obeyed")
    void coloursAndEscapes() {
        String id = "session_escape";
        try (JournalFixture f = JournalFixture.create(root, id)) {
            f.started().received("{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"\\u001b[2Jcleared your screen\"}]}}");
        }
        String plain = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults());
        String coloured = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults().withColour(true));
        assertThat(plain).doesNotContain("\u001b").contains("\\x1b[2Jcleared your screen");
        assertThat(coloured).contains("\u001b[2m", "\u001b[0m").contains("\\x1b[2Jcleared").doesNotContain("\u001b[2J");
    }

    @Test
    @DisplayName("--redact removes every match from text, markdown, html, json and jsonl output alike")
    void redactionEverywhere() {
        String id = Sessions.ALLOW.write(root);
        TranscriptOptions redacting = TranscriptOptions.defaults().withRedactor(Redactor.of(List.of("hello\\.txt", "alice")));
        for (Format format : Format.values()) {
            String out = Golden.render(root, id, format, redacting);
            assertThat(out).as(format.name()).doesNotContain("hello.txt").doesNotContain("alice");
            if (format != Format.JSONL) {
                assertThat(out).as(format.name()).contains(Redactor.MASK);
            }
        }
        assertThat(Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults())).contains("hello.txt", "alice");
    }

    @Test
    @DisplayName("json is one valid document with seq, time and kind for every entry, frames embedded as JSON")
    void json() throws Exception {
        String id = Sessions.ROUGH.write(root);
        JsonNode doc = new ObjectMapper().readTree(Golden.render(root, id, Format.JSON, TranscriptOptions.defaults()));
        assertThat(doc.path("sessionId").asText()).isEqualTo(id);
        JsonNode entries = doc.path("entries");
        assertThat(entries.size()).as("37 entries and the seal").isEqualTo(39);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            assertThat(e.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(e.path("time").asText()).startsWith("2026-11-24T07:");
            assertThat(e.path("kind").asText()).isNotEmpty();
        }
        assertThat(entries.get(0).at("/record/sessionId").asText()).isEqualTo(id);
        assertThat(entries.findValues("malformed")).hasSize(5);
        assertThat(entries.findValues("base64")).hasSize(1);
        assertThat(entries.get(4).at("/frame/type").asText()).isEqualTo("system");
        assertThat(entries.get(4).path("type").asText()).isEqualTo("system/init");
    }

    @Test
    @DisplayName("--only permissions shows the permission story and nothing else")
    void onlyPermissions() {
        String id = Sessions.ROUGH.write(root);
        String out = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults()
                .withFilter(EntryFilter.parse(List.of("permissions"))));
        List<String> whoColumn = out.lines().skip(1).filter(l -> l.startsWith("+"))
                .map(l -> l.substring(12, 22).trim()).distinct().toList();
        assertThat(whoColumn).containsExactly("permission");
        assertThat(out).contains("Bash asks for permission", "Bash allowed by alice via cli after",
                "Write not answered within 30.0 s: denied by timeout", "WebFetch denied by policy via policy:no-network",
                "refused: already decided");
    }

    @Test
    @DisplayName("A posted prompt whose echo arrived before the POST returned is shown once, not twice")
    void echoBeforePost() {
        String id = "session_echo";
        try (JournalFixture f = JournalFixture.create(root, id)) {
            f.started().received("{\"type\":\"user\",\"uuid\":\"u-echo\",\"message\":{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Also update the README.\"}]}}")
                    .received("{\"type\":\"user\",\"uuid\":\"u-echo\",\"isReplay\":true,\"message\":{\"role\":"
                            + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Also update the README.\"}]}}")
                    .posted("u-echo", "Also update the README.");
        }
        String out = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults());
        assertThat(out.split("Also update the README", -1)).hasSize(2);
        assertThat(out).contains("replayed user frame", "prompt from alice posted (its echo is shown above)");
    }

    @Test
    @DisplayName("Unknown --only tokens and bad --redact patterns are refused with one clear line")
    void badOptions() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EntryFilter.parse(List.of("assistant,what ever")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'what ever'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Redactor.of(List.of("[")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--redact");
    }
}
