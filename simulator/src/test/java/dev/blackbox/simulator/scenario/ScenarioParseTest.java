package dev.blackbox.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Scenario files")
class ScenarioParseTest {

    static final List<String> SHIPPED = Scenarios.SHIPPED;

    @ParameterizedTest(name = "{0}")
    @FieldSource("SHIPPED")
    @DisplayName("every shipped scenario loads, and every send frame is a JSON object with a string type")
    void shippedScenarioLoads(String name) {
        Scenario scenario = Scenarios.load(name);

        List<Step> all = flatten(scenario.steps());
        assertThat(all).isNotEmpty();
        List<Step.Send> sends = all.stream().filter(s -> s instanceof Step.Send).map(s -> (Step.Send) s).toList();
        assertThat(sends).isNotEmpty().allSatisfy(send -> {
            JsonNode frame = send.frame().source();
            assertThat(frame.isObject()).isTrue();
            assertThat(frame.get("type").isTextual()).isTrue();
        });
        assertThat(Scenarios.shippedText(name)).startsWith("# " + name + ":");
    }

    @Test
    @DisplayName("the shipped frames carry the field sets of the real worker's samples")
    void framesLookReal() {
        List<JsonNode> frames = flatten(Scenarios.load("coding-task").steps()).stream()
                .filter(s -> s instanceof Step.Send).map(s -> ((Step.Send) s).frame().source()).toList();
        JsonNode init = frames.stream().filter(f -> "init".equals(FrameJson.text(f, "subtype"))).findFirst().orElseThrow();
        assertThat(names(init)).contains("cwd", "session_id", "tools", "mcp_servers", "model", "permissionMode", "slash_commands",
                "apiKeySource", "claude_code_version", "output_style", "agents", "skills", "plugins", "uuid", "capabilities");
        JsonNode assistant = frames.stream().filter(f -> "assistant".equals(FrameJson.typeOf(f))).findFirst().orElseThrow();
        assertThat(names(assistant.get("message"))).contains("id", "type", "role", "model", "content", "stop_reason",
                "stop_sequence", "usage", "context_management");
        assertThat(names(assistant)).contains("parent_tool_use_id", "session_id", "uuid", "timestamp", "request_id");
        JsonNode result = frames.stream().filter(f -> "result".equals(FrameJson.typeOf(f))).findFirst().orElseThrow();
        assertThat(names(result)).contains("usage", "modelUsage", "total_cost_usd", "permission_denials", "terminal_reason",
                "duration_ms", "duration_api_ms", "num_turns", "is_error", "result", "stop_reason");
        assertThat(result.get("total_cost_usd").toString()).isEqualTo("0.061396");
    }

    @Test
    @DisplayName("parameters fill in numbers and strings, and an unknown one is refused by name")
    void parameters() {
        Scenario load = Scenarios.load("load", Map.of("count", "7", "rate", "2.5", "mix", "assistant:1"));
        Step.Burst burst = flatten(load.steps()).stream().filter(s -> s instanceof Step.Burst).map(s -> (Step.Burst) s)
                .findFirst().orElseThrow();
        assertThat(burst.count()).isEqualTo(7);
        assertThat(burst.rate()).isEqualTo(2.5);
        assertThat(burst.mix()).isEqualTo("assistant:1");
        assertThat(load.params()).containsEntry("count", "7").containsEntry("seed", "42");

        assertThatThrownBy(() -> Scenarios.load("load", Map.of("cuont", "7")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("unknown parameter \"cuont\"").hasMessageContaining("count");
        assertThatThrownBy(() -> Scenarios.load("load", Map.of("count", "lots")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("line").hasMessageContaining("lots");
        assertThatThrownBy(() -> Scenarios.load("coding-task", Map.of("x", "1")))
                .hasMessageContaining("takes none");
    }

    @Test
    @DisplayName("a mistake is reported in one line naming the scenario and the line")
    void errorsNameTheLine() {
        assertThatThrownBy(() -> Scenario.parse("mine", "# comment\n{\"pause\": {\"ms\": 5}}\n{\"sned\": {}}"))
                .isInstanceOf(ScenarioException.class).hasMessageStartingWith("scenario mine line 3: unknown step \"sned\"")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Scenario.parse("mine", "{\"send\": {\"no\": \"type\"}}"))
                .hasMessageContaining("line 1").hasMessageContaining("string \"type\"");
        assertThatThrownBy(() -> Scenario.parse("mine", "{\"send\": {\"type\": \"x\", \"id\": \"${uid}\"}}"))
                .hasMessageContaining("unknown template variable ${uid}");
        assertThatThrownBy(() -> Scenario.parse("mine", "{\"close\": {\"code\": 1000, \"reson\": \"x\"}}"))
                .hasMessageContaining("no argument \"reson\"");
        assertThatThrownBy(() -> Scenario.parse("mine", "{\"close\": {\"code\": 1005}}"))
                .hasMessageContaining("cannot be used in a close frame");
        assertThatThrownBy(() -> Scenario.parse("mine", "{\"burst\": {\"mix\": \"assistant:1,gossip:2\"}}"))
                .hasMessageContaining("unknown frame kind \"gossip\"");
        assertThatThrownBy(() -> Scenario.parse("mine", "not json"))
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> Scenario.parse("mine", "# only a comment"))
                .hasMessageContaining("has no steps");
        assertThatThrownBy(() -> Scenarios.load("no-such-scenario"))
                .hasMessageContaining("neither a shipped one").hasMessageContaining("coding-task");
    }

    @Test
    @DisplayName("a scenario file is loaded from a path, with its branches")
    void loadsFromFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.jsonl");
        Files.writeString(file, """
                # a small one
                {"send": {"type": "control_request", "request_id": "${uuid:p}", "request": {"subtype": "can_use_tool"}}}
                {"await_permission": {"request_id": "${uuid:p}", "timeout_ms": 50, "on_allow": [{"keep_alive": {}}], "on_timeout": [{"stop": {}}]}}
                """);
        Scenario s = Scenarios.load(file.toString());
        assertThat(s.name()).isEqualTo("mine.jsonl");
        Step.AwaitAnswer await = (Step.AwaitAnswer) s.steps().get(1);
        assertThat(await.timeoutMillis()).isEqualTo(50);
        assertThat(await.branch(Step.Outcome.ALLOW)).containsExactly(new Step.KeepAlive());
        assertThat(await.branch(Step.Outcome.SUCCESS)).as("success falls back to on_allow").containsExactly(new Step.KeepAlive());
        assertThat(await.branch(Step.Outcome.DENY)).isEmpty();
    }

    @Test
    @DisplayName("templates give one value per name within a run and a fresh one per ${uuid}")
    void templates() {
        Template t = Template.of(FrameJson.parseOrNull("{\"type\":\"x\",\"a\":\"${uuid:p}\",\"b\":\"${uuid:p}\",\"c\":\"${uuid}\",\"d\":\"${uuid}\",\"s\":\"${session_id}\",\"m\":\"msg_${id:m}\"}"));
        TemplateScope scope = new TemplateScope("session_x");
        JsonNode one = t.render(scope);
        JsonNode two = t.render(scope);
        assertThat(one.get("a").asText()).isEqualTo(one.get("b").asText()).isEqualTo(two.get("a").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(one.get("c").asText()).isNotEqualTo(one.get("d").asText());
        assertThat(one.get("s").asText()).isEqualTo("session_x");
        assertThat(one.get("m").asText()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(new TemplateScope("session_x").resolve("uuid", "p")).isNotEqualTo(one.get("a").asText());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<Step> flatten(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(s);
            if (s instanceof Step.AwaitAnswer a) {
                a.branches().values().forEach(b -> out.addAll(flatten(b)));
            }
        }
        return out;
    }
}
