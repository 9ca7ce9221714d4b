package dev.blackbox.replay.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.fixture.JournalFixture;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.play.EntrySource;
import dev.blackbox.replay.play.Player;
import dev.blackbox.replay.play.Progress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlTranscriptTest {

    @TempDir
    Path root;

    static byte[] render(Path root, String id, TranscriptOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EntrySource source = EntrySource.open(root, id, null, null, false, EntrySource.Waiter.BACKOFF)) {
            new Player(source, Format.JSONL.open(out, options), null, false, Progress.NONE, Player.Clock.SYSTEM).play();
        }
        return out.toByteArray();
    }

    private byte[] frames(String id, EntryKind... kinds) throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (List.of(kinds).contains(e.kind())) {
                    expected.write(e.payload());
                    expected.write('\n');
                }
            }
        }
        return expected.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sessions.class)
    @DisplayName("jsonl is the received frames byte for byte, one per line, malformed ones included, binary ones not")
    void byteForByte(Sessions session) throws Exception {
        String id = session.write(root);
        assertThat(render(root, id, TranscriptOptions.defaults())).isEqualTo(frames(id, EntryKind.FRAME_RECEIVED));
    }

    @Test
    @DisplayName("--only received,sent adds the frames we sent; --only result keeps only result frames")
    void only() throws Exception {
        String id = Sessions.ROUGH.write(root);
        assertThat(render(root, id, TranscriptOptions.defaults().withFilter(EntryFilter.parse(List.of("received,sent")))))
                .isEqualTo(frames(id, EntryKind.FRAME_RECEIVED, EntryKind.FRAME_SENT));
        String results = new String(render(root, id, TranscriptOptions.defaults()
                .withFilter(EntryFilter.parse(List.of("result")))), StandardCharsets.UTF_8);
        assertThat(results.lines()).hasSize(3).allMatch(l -> l.contains("\"type\":\"result\""));
    }

    @Test
    @DisplayName("A frame with a raw line break is never altered: it comes whole in a blackbox_frame wrapper line; --redact hides matches in the output only")
    void lineBreaksAndRedaction() throws Exception {
        String id = "session_pretty";
        String pretty = "{\n  \"type\": \"keep_alive\",\r\n  \"token\": \"sk-secret-123\"\n}";
        try (JournalFixture f = JournalFixture.create(root, id)) {
            f.started().received("{\"type\":\"keep_alive\"}").received(pretty);
        }
        String out = new String(render(root, id, TranscriptOptions.defaults()
                .withRedactor(Redactor.of(List.of("sk-[a-z0-9-]+")))), StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertThat(out).endsWith("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("{\"type\":\"keep_alive\"}");
        JsonNode wrapper = new ObjectMapper().readTree(lines.get(1));
        assertThat(wrapper.path("type").asText()).isEqualTo("blackbox_frame");
        assertThat(wrapper.path("seq").asLong()).isEqualTo(3);
        assertThat(wrapper.path("why").asText()).isEqualTo("raw line break");
        assertThat(wrapper.path("text").asText()).isEqualTo(pretty.replace("sk-secret-123", "[REDACTED]"));
        String plain = new String(render(root, id, TranscriptOptions.defaults()), StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readTree(plain.lines().toList().get(1)).path("text").asText()).isEqualTo(pretty);
        try (JournalReader reader = JournalReader.open(root, id)) {
            reader.next();
            reader.next();
            assertThat(reader.next().payloadText()).contains("sk-secret-123");
        }
    }

    @Test
    @DisplayName("A frame with a line break that is not valid UTF-8 comes back byte for byte from the wrapper's base64")
    void lineBreakInInvalidUtf8() throws Exception {
        String id = "session_binaryish";
        byte[] frame = {'{', '\n', (byte) 0xff, (byte) 0xfe, '}'};
        try (JournalFixture f = JournalFixture.create(root, id)) {
            f.started().received(frame);
        }
        String out = new String(render(root, id, TranscriptOptions.defaults()), StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(1);
        JsonNode wrapper = new ObjectMapper().readTree(out);
        assertThat(wrapper.has("text")).isFalse();
        assertThat(java.util.Base64.getDecoder().decode(wrapper.path("base64").asText())).isEqualTo(frame);
    }
}
