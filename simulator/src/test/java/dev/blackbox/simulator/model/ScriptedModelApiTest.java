package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.FrameJson;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted Messages API over real HTTP, without the CLI: the events it streams and what it records. */
class ScriptedModelApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Vertx vertx;
    private ScriptedModelApi api;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        api = ScriptedModelApi.start(vertx, ModelApiConfig.loopback().withStall(20, 5)).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("x-api-key", "sk-secret-value")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String userText) {
        return "{\"model\":\"claude-test\",\"stream\":true,\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"<system-reminder>\\nnot the prompt [[stall]]\\n</system-reminder>\"},"
                + "{\"type\":\"text\",\"text\":" + FrameJson.write(FrameJson.MAPPER.getNodeFactory().textNode(userText)) + "}]},"
                + "{\"role\":\"system\",\"content\":\"# Environment\"}]}";
    }

    /** The {@code data:} JSON of every event, checking each {@code event:} name equals its data's type. */
    private static List<JsonNode> events(String sse) {
        List<JsonNode> events = new ArrayList<>();
        for (String chunk : sse.split("\n\n")) {
            if (chunk.isBlank()) {
                continue;
            }
            String[] lines = chunk.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            JsonNode data = FrameJson.parseOrNull(lines[1].substring(6));
            assertThat(data.path("type").asText()).isEqualTo(lines[0].substring(7));
            events.add(data);
        }
        return events;
    }

    @Test
    @DisplayName("A [[bash-write]] prompt streams a Bash tool_use whose input arrives as input_json_delta, ending with stop_reason tool_use")
    void toolUseStream() throws Exception {
        HttpResponse<String> res = post("/v1/messages?beta=true", request("Please [[bash-write out.txt]]"));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<JsonNode> events = events(res.body());
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("message_start", "ping",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(events.get(0).path("message").path("model").asText()).isEqualTo("claude-test");
        assertThat(events.get(2).path("content_block").path("name").asText()).isEqualTo("Bash");
        JsonNode input = FrameJson.parseOrNull(events.get(3).path("delta").path("partial_json").asText());
        assertThat(input.path("command").asText()).isEqualTo("echo hello > out.txt");
        assertThat(events.get(5).path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(events.get(5).path("usage").path("output_tokens").asInt()).isPositive();
    }

    @Test
    @DisplayName("After a tool_result the answer is a short final text; an error result is named in it")
    void afterToolResult() throws Exception {
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"[[bash-write x]]\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"No way\",\"is_error\":true}]}]}";
        List<JsonNode> events = events(post("/v1/messages?beta=true", body).body());
        assertThat(events.get(3).path("delta").path("text").asText()).isEqualTo("The tool call was refused: No way");
        assertThat(events.get(5).path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    @DisplayName("A [[stall]] answer streams words at the configured pace and ends by itself; a client that leaves is counted")
    void stall() throws Exception {
        List<JsonNode> events = events(post("/v1/messages?beta=true", request("Go [[stall]]")).body());
        assertThat(events).filteredOn(e -> e.path("delta").has("text")).extracting(e -> e.path("delta").path("text").asText())
                .containsExactly("word1 ", "word2 ", "word3 ", "word4 ", "word5 ");
        assertThat(api.stallsCut()).isZero();

        try (InputStream stream = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/messages?beta=true"))
                .POST(HttpRequest.BodyPublishers.ofString(request("[[stall]]"))).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
            assertThat(new String(stream.readNBytes(40), StandardCharsets.UTF_8)).startsWith("event: message_start");
        }
        org.awaitility.Awaitility.await().until(() -> api.stallsCut() == 1);
    }

    @Test
    @DisplayName("The marker is read from the user's own text, not from a system-reminder block; no marker is a plain answer")
    void promptText() throws Exception {
        List<JsonNode> events = events(post("/v1/messages?beta=true", request("Just say hello")).body());
        assertThat(events.get(3).path("delta").path("text").asText()).isEqualTo("Hello from the scripted model.");
    }

    @Test
    @DisplayName("Anything but POST /v1/messages is a 404 with the API's error body; every request is recorded, API key redacted")
    void unexpectedCallsAreRecorded() throws Exception {
        HttpResponse<String> res = post("/v1/messages/count_tokens", "{}");
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(FrameJson.parseOrNull(res.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
        HttpResponse<String> whole = post("/v1/messages", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(FrameJson.parseOrNull(whole.body()).path("content").path(0).path("text").asText()).isEqualTo("Hello from the scripted model.");
        post("/v1/messages?beta=true", request("hi"));

        assertThat(api.requests()).hasSize(3);
        assertThat(api.unexpected()).extracting(ModelRequest::uri).containsExactly("/v1/messages/count_tokens", "/v1/messages");
        assertThat(api.requests()).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo("<redacted>"));
        assertThat(api.requests().toString()).doesNotContain("sk-secret-value");
    }

    @Test
    @DisplayName("Markers: the last known one wins, arguments are required where the marker takes one, unknown ones are plain text")
    void markers() {
        assertThat(Marker.in("[[read-only]] then [[bash-write a.txt]]")).isEqualTo(new Marker.BashWrite("a.txt"));
        assertThat(Marker.in("[[bash-write]]")).isEqualTo(new Marker.Plain());
        assertThat(Marker.in("[[exit 3]]")).isEqualTo(new Marker.Exit(3));
        assertThat(Marker.in("[[dance]]")).isEqualTo(new Marker.Plain());
        assertThat(Marker.in("[[write-with-suggestions dir/n.txt]]")).isEqualTo(new Marker.WriteWithSuggestions("dir/n.txt"));
        assertThat(Marker.in(null)).isEqualTo(new Marker.Plain());
    }
}
