package dev.blackbox.recorder.permissions;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyTest {

    private static final String ISSUE_EXAMPLE = """
            {"rules":[{"tool":"Bash","input":{"command":"^git (status|diff)"},"decision":"allow"},
            {"tool":"Bash","input":{"command":"rm -rf"},"decision":"deny","message":"not here"}],
            "default":"ask","timeout":{"after":"PT10M","decision":"deny"}}""";

    private static JsonObject bash(String command) {
        return new JsonObject().put("command", command);
    }

    @Test
    @DisplayName("The first matching rule wins; regexes are searched in the named input field")
    void firstMatchWins() {
        Policy p = Policy.parse(new JsonObject(ISSUE_EXAMPLE));
        assertThat(p.evaluate("Bash", bash("git status")).orElseThrow().kind()).isEqualTo(Policy.Verdict.Kind.ALLOW);
        Policy.Verdict deny = p.evaluate("Bash", bash("cd / && rm -rf x")).orElseThrow();
        assertThat(deny.kind()).isEqualTo(Policy.Verdict.Kind.DENY);
        assertThat(deny.message()).isEqualTo("not here");
        assertThat(deny.ruleName()).isEqualTo("rule 2");
        assertThat(p.evaluate("Bash", bash("npm test"))).isEmpty();
        assertThat(p.evaluate("Edit", new JsonObject().put("command", "git status"))).isEmpty();
        assertThat(p.evaluate("Bash", new JsonObject())).isEmpty();
    }

    @Test
    @DisplayName("A timeout denies with interrupt by default, as a distinct outcome")
    void timeoutDefaults() {
        Policy p = Policy.parse(new JsonObject(ISSUE_EXAMPLE));
        assertThat(p.timeout().after()).isEqualTo(Duration.ofMinutes(10));
        Decision d = p.timeout().verdict().toDecision("timeout");
        assertThat(d.behavior()).isEqualTo(Decision.Behavior.DENY);
        assertThat(d.interrupt()).isTrue();
        assertThat(d.via()).isEqualTo("timeout");
    }

    @Test
    @DisplayName("'*' matches any tool; a default other than ask applies when no rule matches")
    void wildcardAndDefault() {
        Policy p = Policy.parse(new JsonObject("""
                {"rules":[{"name":"env","tool":"*","input":{"file_path":"\\\\.env$"},"decision":"deny"}],"default":"allow"}"""));
        assertThat(p.evaluate("Read", new JsonObject().put("file_path", "/app/.env")).orElseThrow().ruleName()).isEqualTo("env");
        assertThat(p.evaluate("Read", new JsonObject().put("file_path", "/app/x")).orElseThrow().kind())
                .isEqualTo(Policy.Verdict.Kind.ALLOW);
    }

    @Test
    @DisplayName("A bad rule is one error that names the rule, checked when the file loads")
    void badRulesNamed() {
        assertThatThrownBy(() -> Policy.parse(new JsonObject("{\"rules\":[{\"tool\":\"Bash\",\"decision\":\"allow\"},{\"name\":\"x\",\"tool\":\"Bash\",\"input\":{\"command\":\"(\"},\"decision\":\"deny\"}]}")))
                .hasMessageStartingWith("policy rule 2 ('x'): input.command is not a valid regex");
        assertThatThrownBy(() -> Policy.parse(new JsonObject("{\"rules\":[{\"decision\":\"allow\"}]}")))
                .hasMessage("policy rule 1: 'tool' is required: a tool name such as Bash, or *");
        assertThatThrownBy(() -> Policy.parse(new JsonObject("{\"rules\":[{\"tool\":\"Bash\",\"decision\":\"maybe\"}]}")))
                .hasMessage("policy rule 1: 'decision' is 'maybe': expected allow, deny or ask");
        assertThatThrownBy(() -> Policy.parse(new JsonObject("{\"rules\":[{\"tool\":\"Bash\",\"decision\":\"allow\",\"inptu\":{}}]}")))
                .hasMessageStartingWith("policy rule 1: unknown key 'inptu'");
        assertThatThrownBy(() -> Policy.parse(new JsonObject("{\"timeout\":{\"after\":\"10 minutes\"}}")))
                .hasMessage("policy: timeout.after must be a positive ISO-8601 duration such as PT10M");
    }

    @Test
    @DisplayName("Decide bodies are validated field by field")
    void decideBodies() {
        assertThatThrownBy(() -> DecideRequest.parse(new JsonObject().put("behavior", "allow").put("decidedBy", "a")))
                .hasMessage("field 'requestId' is required");
        assertThatThrownBy(() -> DecideRequest.parse(new JsonObject().put("requestId", "r").put("behavior", "allow")))
                .hasMessage("field 'decidedBy' is required");
        assertThatThrownBy(() -> DecideRequest.parse(new JsonObject().put("requestId", "r").put("decidedBy", "a").put("behavior", "maybe")))
                .hasMessage("field 'behavior' is 'maybe': expected allow or deny");
        assertThatThrownBy(() -> DecideRequest.parse(new JsonObject().put("requestId", "r").put("decidedBy", "a")
                .put("behavior", "allow").put("updatedInput", "ls")))
                .hasMessage("field 'updatedInput' must be a JSON object (the tool input to run)");
        DecideRequest ok = DecideRequest.parse(new JsonObject().put("requestId", "r").put("decidedBy", "a").put("behavior", "deny"));
        assertThat(ok.decision().message()).isEqualTo("User denied permission");
        assertThat(ok.decision().via()).isEqualTo("bus");
    }
}
