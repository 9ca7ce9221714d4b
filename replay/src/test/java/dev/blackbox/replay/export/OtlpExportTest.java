package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.scenario.RecordedScenarios;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.blackbox.replay.export.OtlpTraces.integer;
import static dev.blackbox.replay.export.OtlpTraces.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@Timeout(180)
class OtlpExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTENT_KEYS = List.of("gen_ai.input.messages", "gen_ai.output.messages",
            "gen_ai.tool.call.arguments", "gen_ai.tool.call.result", "blackbox.permission.input",
            "blackbox.permission.description", "blackbox.permission.blocked_path", "blackbox.permission.message");

    static List<String> sessions() {
        return ExportFixture.sessions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("The OTLP/JSON file parses into the official ExportTraceServiceRequest: one invoke_agent root, chat and execute_tool spans under it")
    void parsesIntoTheOfficialProto(String sessionId) throws IOException {
        List<Span> spans = spans(sessionId, ExportOptions.defaults());
        List<Span> roots = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).toList();
        assertThat(roots).hasSize(1);
        Span root = roots.get(0);
        assertThat(root.getName()).isEqualTo("invoke_agent Claude Code");
        assertThat(root.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(string(root, "gen_ai.operation.name")).isEqualTo("invoke_agent");
        assertThat(string(root, "gen_ai.conversation.id")).isEqualTo(sessionId);
        assertThat(spans).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId());
            assertThat(s.getTraceId().size()).isEqualTo(16);
            assertThat(s.getSpanId().size()).isEqualTo(8);
            assertThat(s.getEndTimeUnixNano()).isGreaterThanOrEqualTo(s.getStartTimeUnixNano());
            assertThat(s.getStartTimeUnixNano()).isGreaterThanOrEqualTo(root.getStartTimeUnixNano());
            assertThat(s.getEndTimeUnixNano()).isLessThanOrEqualTo(root.getEndTimeUnixNano());
        });
        assertThat(spans.stream().map(s -> OtlpTraces.hex(s.getSpanId())).distinct().count()).isEqualTo(spans.size());
        List<Span> children = spans.stream().filter(s -> s != root).toList();
        assertThat(children).allSatisfy(s -> {
            assertThat(s.getParentSpanId()).isEqualTo(root.getSpanId());
            assertThat(s.getName()).matches("(chat|execute_tool) .+");
        });

        Journal j = Journal.of(sessionId);
        assertThat(children.stream().filter(s -> "chat".equals(string(s, "gen_ai.operation.name"))).count())
                .as("a chat span per assistant message id").isEqualTo(j.messageIds.size());
        assertThat(children.stream().filter(s -> "execute_tool".equals(string(s, "gen_ai.operation.name")))
                .map(s -> string(s, "gen_ai.tool.call.id")).collect(Collectors.toSet()))
                .as("an execute_tool span per tool call").isEqualTo(j.toolCalls);
    }

    @Test
    @DisplayName("A prompt's MESSAGE_POSTED that lands while the answer streams does not split that model call; the prompt is its input")
    void latePostOutcomeKeepsOneChatPerMessage() throws IOException {
        List<Span> chats = spans(ExportFixture.LATE_POST, ExportOptions.defaults().withContent(true)).stream()
                .filter(s -> "chat".equals(string(s, "gen_ai.operation.name"))).toList();
        assertThat(chats).extracting(s -> string(s, "gen_ai.response.id")).containsExactly("msg_late_1", "msg_late_2");
        assertThat(string(chats.get(0), "gen_ai.input.messages")).contains(ExportFixture.LATE_POST_PROMPT);
        assertThat(string(chats.get(1), "gen_ai.input.messages")).contains("tool_call_response").doesNotContain(ExportFixture.LATE_POST_PROMPT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("Every span and event carries the seq and the hex SHA-256 hash of the journal entry it came from")
    void carriesTheJournalSeqAndHash(String sessionId) throws IOException {
        Map<Long, String> hashes = new HashMap<>();
        ExportFixture.entries(sessionId).forEach(e -> hashes.put(e.seq(), HexFormat.of().formatHex(e.hash())));
        for (Span s : spans(sessionId, ExportOptions.defaults())) {
            assertThat(string(s, "blackbox.journal.hash")).as(s.getName()).isEqualTo(hashes.get(integer(s, "blackbox.journal.seq")));
            for (Span.Event e : s.getEventsList()) {
                long seq = OtlpTraces.attr(e.getAttributesList(), "blackbox.journal.seq").getIntValue();
                assertThat(OtlpTraces.attr(e.getAttributesList(), "blackbox.journal.hash").getStringValue()).isEqualTo(hashes.get(seq));
            }
        }
    }

    @Test
    @DisplayName("chat spans follow the GenAI conventions for Anthropic: provider, models, and input tokens that include the cached ones")
    void chatSpans() throws IOException {
        String id = RecordedScenarios.CODING_TASK;
        Map<String, JsonNode> firstUsage = Journal.of(id).firstUsage;
        List<Span> chats = spans(id, ExportOptions.defaults()).stream().filter(s -> s.getName().startsWith("chat ")).toList();
        assertThat(chats).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(string(c, "gen_ai.operation.name")).isEqualTo("chat");
            assertThat(string(c, "gen_ai.provider.name")).isEqualTo("anthropic");
            assertThat(string(c, "gen_ai.request.model")).isEqualTo("claude-opus-5-5");
            assertThat(string(c, "gen_ai.response.model")).isEqualTo("claude-opus-5-5");
            assertThat(c.getName()).isEqualTo("chat claude-opus-5-5");
            JsonNode u = firstUsage.get(string(c, "gen_ai.response.id"));
            assertThat(integer(c, "gen_ai.usage.input_tokens")).isEqualTo(u.path("input_tokens").asLong()
                    + u.path("cache_read_input_tokens").asLong() + u.path("cache_creation_input_tokens").asLong());
            assertThat(integer(c, "gen_ai.usage.output_tokens")).isEqualTo(u.path("output_tokens").asLong());
            assertThat(integer(c, "gen_ai.usage.cache_read.input_tokens")).isEqualTo(u.path("cache_read_input_tokens").asLong());
        });
        assertThat(chats).anySatisfy(c -> assertThat(integer(c, "gen_ai.usage.cache_read.input_tokens")).isPositive());
    }

    @Test
    @DisplayName("execute_tool spans run from the tool_use to its tool_result and say who allowed it, via what, as blackbox.permission.*")
    void toolSpansCarryTheDecisions() throws IOException {
        List<Span> tools = spans(RecordedScenarios.CODING_TASK, ExportOptions.defaults()).stream()
                .filter(s -> s.getName().startsWith("execute_tool ")).toList();
        assertThat(tools).extracting(s -> string(s, "gen_ai.tool.name")).containsExactly("Bash", "Edit", "Read");
        assertThat(tools).allSatisfy(t -> {
            assertThat(t.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
            assertThat(string(t, "gen_ai.tool.call.id")).startsWith("toolu_");
            assertThat(t.getEndTimeUnixNano()).isGreaterThan(t.getStartTimeUnixNano());
        });
        for (Span t : tools.subList(0, 2)) {
            assertThat(string(t, "blackbox.permission.decided_by")).isEqualTo("golden-tester");
            assertThat(string(t, "blackbox.permission.via")).isEqualTo("test");
            assertThat(string(t, "blackbox.permission.outcome")).isEqualTo("allow");
            assertThat(t.getEventsList()).extracting(Span.Event::getName)
                    .containsExactly("blackbox.permission.requested", "blackbox.permission.decided");
        }
        assertThat(string(tools.get(2), "blackbox.permission.outcome")).as("Read needs no permission").isNull();

        List<Span> rough = spans(Sessions.ROUGH.sessionId(), ExportOptions.defaults()).stream()
                .filter(s -> s.getName().startsWith("execute_tool ")).toList();
        Span bash = tool(rough, "Bash"), write = tool(rough, "Write"), fetch = tool(rough, "WebFetch");
        assertThat(bash.getEventsList()).extracting(Span.Event::getName).contains("blackbox.permission.decided",
                "blackbox.permission.refused");
        assertThat(string(write, "blackbox.permission.outcome")).isEqualTo("timeout");
        assertThat(string(fetch, "blackbox.permission.outcome")).isEqualTo("deny");
        assertThat(string(fetch, "blackbox.permission.via")).isEqualTo("policy:no-network");

        List<Span> cancelled = spans(RecordedScenarios.PERMISSION_CANCEL, ExportOptions.defaults()).stream()
                .filter(s -> "cancelled".equals(string(s, "blackbox.permission.outcome"))).toList();
        assertThat(cancelled).hasSize(2).allSatisfy(s -> assertThat(s.getEventsList()).extracting(Span.Event::getName)
                .contains("blackbox.permission.cancelled"));
        // the worker's hook allowed the first (the tool ran) and denied the second (its result is an error)
        assertThat(cancelled.get(0).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
        assertThat(cancelled.get(1).getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(string(cancelled.get(1), "error.type")).isEqualTo("permission_cancelled");
    }

    @Test
    @DisplayName("Prompts, messages and tool inputs and outputs are exported only with --include-content")
    void contentOnlyWhenAsked() throws IOException {
        String id = RecordedScenarios.CODING_TASK;
        byte[] plain = ExportFixture.export(id, ExportFormat.OTLP_JSON, ExportOptions.defaults());
        String text = new String(plain, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Add a --verbose flag").doesNotContain("42 passing").doesNotContain("npm test");
        assertThat(OtlpTraces.spans(OtlpTraces.parseJsonLines(plain))).allSatisfy(s -> assertThat(s.getAttributesList())
                .extracting(KeyValue::getKey).doesNotContainAnyElementsOf(CONTENT_KEYS));

        List<Span> full = spans(id, ExportOptions.defaults().withContent(true));
        Span bash = tool(full, "Bash");
        assertThat(JSON.readTree(string(bash, "gen_ai.tool.call.arguments")).path("command").asText()).startsWith("npm test");
        assertThat(string(bash, "gen_ai.tool.call.result")).contains("42 passing");
        Span firstChat = full.stream().filter(s -> s.getName().startsWith("chat ")).findFirst().orElseThrow();
        JsonNode input = JSON.readTree(string(firstChat, "gen_ai.input.messages"));
        assertThat(input.get(0).path("role").asText()).isEqualTo("user");
        assertThat(input.get(0).path("parts").get(0).path("content").asText()).contains("Add a --verbose flag");
        JsonNode output = JSON.readTree(string(firstChat, "gen_ai.output.messages"));
        assertThat(output.get(0).path("parts")).anySatisfy(p -> assertThat(p.path("type").asText()).isEqualTo("tool_call"));
    }

    @Test
    @DisplayName("Exporting the same session twice gives the same trace and span ids (and the same bytes); another session another trace")
    void deterministicIds() throws IOException {
        String id = RecordedScenarios.CODING_TASK;
        byte[] once = ExportFixture.export(id, ExportFormat.OTLP_JSON, ExportOptions.defaults());
        byte[] twice = ExportFixture.export(id, ExportFormat.OTLP_JSON, ExportOptions.defaults());
        assertThat(twice).isEqualTo(once);
        String trace = OtlpTraces.hex(spans(id, ExportOptions.defaults()).get(0).getTraceId());
        String other = OtlpTraces.hex(spans(Sessions.ALLOW.sessionId(), ExportOptions.defaults()).get(0).getTraceId());
        assertThat(other).isNotEqualTo(trace);
    }

    @Test
    @DisplayName("Spans POSTed over OTLP/HTTP to a real receiver (/v1/traces) parse with the official proto and equal the file's spans")
    void sendsToAnOtlpReceiver(Vertx vertx) throws Exception {
        List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
        List<String> contentTypes = new CopyOnWriteArrayList<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    if (!"/v1/traces".equals(req.path()) || !"POST".equals(req.method().name())) {
                        req.response().setStatusCode(404).end();
                        return;
                    }
                    try {
                        received.add(OtlpTraces.parseProtobuf(body.getBytes()));
                        contentTypes.add(req.getHeader("content-type"));
                        req.response().putHeader("content-type", "application/x-protobuf")
                                .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
                    } catch (IOException e) {
                        req.response().setStatusCode(400).end();
                    }
                }));
        int port = server.listen().await().actualPort();
        String id = RecordedScenarios.CODING_TASK;
        byte[] nothing = export(id, ExportOptions.defaults().withEndpoint(URI.create("http://127.0.0.1:" + port), false));
        assertThat(nothing).as("only sent, nothing written").isEmpty();

        List<Span> sent = OtlpTraces.spans(received);
        assertThat(contentTypes).isNotEmpty().allSatisfy(ct -> assertThat(ct).isEqualTo("application/x-protobuf"));
        assertThat(sent).containsExactlyInAnyOrderElementsOf(spans(id, ExportOptions.defaults()));
        assertThat(received.get(0).getResourceSpans(0).getResource().getAttributesList())
                .anySatisfy(kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue()).isEqualTo("service.name=blackbox"));
        server.close().await();
    }

    @Test
    @DisplayName("A collector that refuses the spans, or is not there, fails the export with one line naming the endpoint")
    void deliveryFailures(Vertx vertx) throws Exception {
        HttpServer refusing = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.response().setStatusCode(400).end("bad spans"));
        int port = refusing.listen().await().actualPort();
        URI refused = URI.create("http://127.0.0.1:" + port + "/v1/traces");
        assertThatThrownBy(() -> run(RecordedScenarios.CODING_TASK, ExportOptions.defaults().withEndpoint(refused, false)))
                .isInstanceOf(ExportJob.DeliveryFailed.class)
                .hasMessageStartingWith("exporting spans to " + refused + " failed: ")
                .hasMessageContaining("400")
                .hasMessageNotContaining("\n");
        refusing.close().await();

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + closed + "/v1/traces");
        assertThatThrownBy(() -> run(RecordedScenarios.CODING_TASK, ExportOptions.defaults().withEndpoint(nobody, false)))
                .isInstanceOf(ExportJob.DeliveryFailed.class)
                .hasMessage("exporting spans to " + nobody + " failed: could not connect (is a collector listening there?)");
    }

    @Test
    @DisplayName("--otlp-endpoint takes a collector's base URL (adding /v1/traces) or a full URL, and refuses anything but http(s)")
    void endpoints() {
        assertThat(ExportJob.tracesEndpoint(URI.create("http://127.0.0.1:4318"))).hasToString("http://127.0.0.1:4318/v1/traces");
        assertThat(ExportJob.tracesEndpoint(URI.create("http://127.0.0.1:4318/"))).hasToString("http://127.0.0.1:4318/v1/traces");
        assertThat(ExportJob.tracesEndpoint(URI.create("https://otel.example/custom/traces")))
                .hasToString("https://otel.example/custom/traces");
        assertThatThrownBy(() -> ExportJob.tracesEndpoint(URI.create("grpc://127.0.0.1:4317")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--otlp-endpoint");
    }

    // ---------------------------------------------------------------- helpers

    private static Span tool(List<Span> spans, String name) {
        return spans.stream().filter(s -> name.equals(string(s, "gen_ai.tool.name"))).findFirst().orElseThrow();
    }

    private static List<Span> spans(String sessionId, ExportOptions options) throws IOException {
        return OtlpTraces.spans(OtlpTraces.parseJsonLines(ExportFixture.export(sessionId, ExportFormat.OTLP_JSON, options)));
    }

    private static byte[] export(String sessionId, ExportOptions options) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new ExportJob(ExportFixture.root(), sessionId, ExportFormat.OTLP_JSON, options).run(out,
                dev.blackbox.replay.play.ReplayJob.ProgressFactory.NONE);
        return out.toByteArray();
    }

    private static void run(String sessionId, ExportOptions options) throws Exception {
        new ExportJob(ExportFixture.root(), sessionId, ExportFormat.OTLP_JSON, options).run(OutputStream.nullOutputStream(),
                dev.blackbox.replay.play.ReplayJob.ProgressFactory.NONE);
    }

    /** What the journal says, read independently of the export: model calls, tool calls, first usage per message. */
    private record Journal(Set<String> messageIds, Set<String> toolCalls, Map<String, JsonNode> firstUsage) {
        static Journal of(String sessionId) {
            Set<String> messages = new LinkedHashSet<>(), tools = new LinkedHashSet<>();
            Map<String, JsonNode> usage = new HashMap<>();
            for (JournalEntry e : ExportFixture.entries(sessionId)) {
                if (e.kind() != EntryKind.FRAME_RECEIVED) {
                    continue;
                }
                JsonNode f;
                try {
                    f = JSON.readTree(e.payload());
                } catch (IOException notJson) {
                    continue;
                }
                if (f == null || !f.isObject()) {
                    continue;
                }
                String type = f.path("type").asText();
                if ("assistant".equals(type)) {
                    String id = f.path("message").path("id").asText();
                    messages.add(id);
                    usage.putIfAbsent(id, f.path("message").path("usage"));
                    for (JsonNode b : f.path("message").path("content")) {
                        if ("tool_use".equals(b.path("type").asText())) {
                            tools.add(b.path("id").asText());
                        }
                    }
                } else if ("control_request".equals(type) && "can_use_tool".equals(f.path("request").path("subtype").asText())) {
                    tools.add(f.path("request").path("tool_use_id").asText());
                }
            }
            return new Journal(messages, tools, usage);
        }
    }
}
