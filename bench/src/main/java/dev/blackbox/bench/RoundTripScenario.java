package dev.blackbox.bench;

import dev.blackbox.simulator.scenario.Scenario;

/**
 * A simulator scenario of {@code n} permission prompts one after another: a {@code can_use_tool}
 * shaped like the real worker's (samples/real-worker-allow.jsonl), then an {@code await_permission}
 * for its answer, then the next. A prompt nobody answers within the timeout is left behind, so a
 * lost message shows up as a missing pair instead of a hung bench.
 */
final class RoundTripScenario {

    static final long ANSWER_TIMEOUT_MS = 10_000;

    private RoundTripScenario() {
    }

    static Scenario of(int n) {
        StringBuilder jsonl = new StringBuilder(n * 900);
        jsonl.append("{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/home/user/app\",")
                .append("\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"permissionMode\":\"default\",")
                .append("\"uuid\":\"${uuid}\"}}\n");
        for (int i = 1; i <= n; i++) {
            jsonl.append("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r").append(i).append("}\",")
                    .append("\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"display_name\":\"Bash\",")
                    .append("\"input\":{\"command\":\"echo hello > hello-").append(i).append(".txt && cat hello-")
                    .append(i).append(".txt\",\"description\":\"say hello\"},\"description\":\"say hello\",")
                    .append("\"permission_suggestions\":[{\"type\":\"addRules\",\"rules\":[{\"toolName\":\"Bash\",")
                    .append("\"ruleContent\":\"echo hello *\"}],\"behavior\":\"allow\",\"destination\":\"localSettings\"},")
                    .append("{\"type\":\"addDirectories\",\"directories\":[\"/home/user/app/work\"],\"destination\":\"session\"}],")
                    .append("\"blocked_path\":\"/home/user/app/work/hello-").append(i).append(".txt\",")
                    .append("\"tool_use_id\":\"toolu_${id:t").append(i).append("}\"}}}\n");
            jsonl.append("{\"await_permission\":{\"request_id\":\"${uuid:r").append(i).append("}\",\"timeout_ms\":")
                    .append(ANSWER_TIMEOUT_MS).append("}}\n");
        }
        jsonl.append("{\"stop\":{}}\n");
        return Scenario.parse("permission-round-trips", jsonl.toString());
    }
}
