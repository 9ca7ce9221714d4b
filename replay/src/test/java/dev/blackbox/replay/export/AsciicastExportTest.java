package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.scenario.RecordedScenarios;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@Timeout(180)
class AsciicastExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One parsed event: when it happens (the intervals added up, exactly) and what it is. */
    record Event(BigDecimal at, BigDecimal interval, String code, String data) {
    }

    static List<String> sessions() {
        return ExportFixture.sessions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("The file is asciicast v3: a header with version 3, term size, timestamp and title, then [interval, code, data] events")
    void parsesAsV3(String sessionId) throws IOException {
        List<String> lines = lines(sessionId);
        JsonNode header = JSON.readTree(lines.get(0));
        List<JournalEntry> entries = ExportFixture.entries(sessionId);
        assertThat(header.path("version").asInt()).isEqualTo(3);
        assertThat(header.path("term").path("cols").asInt()).isPositive();
        assertThat(header.path("term").path("rows").asInt()).isPositive();
        assertThat(header.path("timestamp").asLong()).isEqualTo(entries.get(0).tsMicros() / 1_000_000);
        assertThat(header.path("title").asText()).contains(sessionId);
        assertThat(header.has("env")).as("no environment values in the header").isFalse();

        List<Event> events = events(lines);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.interval()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
            assertThat(e.code()).isIn("o", "m", "x");
        });
        assertThat(events.get(0).code()).isEqualTo("o");
        assertThat(events.get(events.size() - 1).code()).isEqualTo("x");
        assertThat(events.stream().filter(e -> e.code().equals("x")).count()).isEqualTo(1);
        assertThat(events.get(events.size() - 1).data()).isIn("0", "1");
        List<String> output = events.stream().filter(e -> e.code().equals("o")).map(Event::data).toList();
        assertThat(output).allSatisfy(o -> assertThat(o.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n"));
        assertThat(String.join("", output)).contains("\u001b[").contains("session " + sessionId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("Replaying the intervals reproduces the recorded timing: they add up to the journal's time span, each marker at its entry")
    void replaysWithTheRecordedTiming(String sessionId) throws IOException {
        List<JournalEntry> entries = ExportFixture.entries(sessionId);
        long first = entries.get(0).tsMicros();
        List<Event> events = events(lines(sessionId));
        BigDecimal span = BigDecimal.valueOf(entries.get(entries.size() - 1).tsMicros() - first).movePointLeft(6);
        assertThat(events.get(events.size() - 1).at()).isEqualByComparingTo(span);

        Set<BigDecimal> entryOffsets = entries.stream().map(e -> BigDecimal.valueOf(e.tsMicros() - first).movePointLeft(6))
                .collect(Collectors.toSet());
        assertThat(events).allSatisfy(e -> assertThat(entryOffsets).as("event at an entry's time").contains(e.at()));

        List<BigDecimal> decisionOffsets = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                .map(e -> BigDecimal.valueOf(e.tsMicros() - first).movePointLeft(6)).toList();
        List<BigDecimal> markerOffsets = events.stream().filter(e -> e.code().equals("m")).map(Event::at).toList();
        assertThat(markerOffsets).containsAll(decisionOffsets);
    }

    @Test
    @DisplayName("Markers fall at every permission request and decision, labelled with the tool and who decided via what")
    void marksPermissions() throws IOException {
        String id = RecordedScenarios.CODING_TASK;
        List<Event> markers = events(lines(id)).stream().filter(e -> e.code().equals("m")).toList();
        List<JournalEntry> entries = ExportFixture.entries(id);
        long requests = entries.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("\"can_use_tool\""))
                .count();
        List<JournalRecord.PermissionDecided> decided = entries.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                .map(e -> JournalRecord.Codec.decode(e.payload(), JournalRecord.PermissionDecided.class)).toList();
        assertThat(requests).isPositive();
        assertThat(decided).isNotEmpty();
        assertThat(markers).hasSize((int) requests + decided.size());
        assertThat(markers.stream().map(Event::data).filter(l -> l.contains("asks for permission")).count()).isEqualTo(requests);
        for (JournalRecord.PermissionDecided d : decided) {
            assertThat(markers).anySatisfy(m -> assertThat(m.data())
                    .contains(d.toolName()).contains("allowed by " + d.decidedBy() + " via " + d.via()));
        }

        List<Event> cancelled = events(lines(RecordedScenarios.PERMISSION_CANCEL)).stream()
                .filter(e -> e.code().equals("m") && e.data().contains("cancelled by the session")).toList();
        assertThat(cancelled).as("a cancelled request is a decision too").hasSize(2);
    }

    @Test
    @DisplayName("asciinema's own player (npm asciinema-player) loads the file: same duration, a marker for every request and decision")
    void asciinemaPlayerLoadsIt(@TempDir Path tmp) throws Exception {
        String id = RecordedScenarios.CODING_TASK;
        Path cast = tmp.resolve("session.cast");
        Files.write(cast, ExportFixture.export(id, ExportFormat.ASCIICAST, ExportOptions.defaults()));
        JsonNode loaded = AsciinemaPlayer.load(cast);

        List<JournalEntry> entries = ExportFixture.entries(id);
        double span = (entries.get(entries.size() - 1).tsMicros() - entries.get(0).tsMicros()) / 1e6;
        assertThat(loaded.path("duration").asDouble()).isCloseTo(span, within(0.001));
        List<Event> ours = events(lines(id)).stream().filter(e -> e.code().equals("m")).toList();
        assertThat(loaded.path("markers")).hasSize(ours.size());
        for (int i = 0; i < ours.size(); i++) {
            JsonNode m = loaded.path("markers").get(i);
            assertThat(m.get(0).asDouble()).isCloseTo(ours.get(i).at().doubleValue(), within(0.001));
            assertThat(m.get(1).asText()).isEqualTo(ours.get(i).data());
        }
    }

    @Test
    @DisplayName("Intervals are written as exact microseconds")
    void secondsAreExact() {
        assertThat(AsciicastExport.seconds(0)).isEqualTo("0.000000");
        assertThat(AsciicastExport.seconds(1_500_042)).isEqualTo("1.500042");
        assertThat(AsciicastExport.seconds(95_000_000_001L)).isEqualTo("95000.000001");
    }

    static List<String> lines(String sessionId) {
        String cast = new String(ExportFixture.export(sessionId, ExportFormat.ASCIICAST, ExportOptions.defaults()),
                StandardCharsets.UTF_8);
        assertThat(cast).endsWith("\n");
        return List.of(cast.split("\n"));
    }

    static List<Event> events(List<String> lines) throws IOException {
        List<Event> events = new ArrayList<>();
        BigDecimal at = BigDecimal.ZERO;
        for (String line : lines.subList(1, lines.size())) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.isArray() && e.size() == 3).as("an event is [interval, code, data]: %s", line).isTrue();
            assertThat(e.get(0).isNumber() && e.get(1).isTextual() && e.get(2).isTextual()).as(line).isTrue();
            BigDecimal interval = new BigDecimal(line.substring(1, line.indexOf(',')));
            at = at.add(interval);
            events.add(new Event(at, interval, e.get(1).asText(), e.get(2).asText()));
        }
        return events;
    }
}
