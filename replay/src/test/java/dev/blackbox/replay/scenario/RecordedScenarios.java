package dev.blackbox.replay.scenario;

import dev.blackbox.replay.scenario.ScenarioRecording.Prompts;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;

/**
 * Shipped simulator scenarios recorded for real (simulator and recorder on loopback, 100x faster), for
 * tests outside this package that need real journals: the same steps {@link ShippedScenarioTest} takes.
 * Blocks: call from a test thread.
 */
public final class RecordedScenarios {

    public static final String CODING_TASK = "session_export_coding_task";
    public static final String PERMISSION_CANCEL = "session_export_permission_cancel";
    public static final List<String> ALL = List.of(CODING_TASK, PERMISSION_CANCEL);

    private RecordedScenarios() {
    }

    /** Records every scenario in {@link #ALL} under the root. */
    public static void recordAll(Vertx vertx, Path root) {
        codingTask(vertx, root, CODING_TASK);
        permissionCancel(vertx, root, PERMISSION_CANCEL);
    }

    /** Two turns: both prompts allowed by {@link ScenarioRecording#ANSWERED_BY} via "test", a follow-up posted after the first result. */
    public static void codingTask(Vertx vertx, Path root, String id) {
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id, Scenarios.load("coding-task"), Prompts.ALLOWED);
        run.awaitSent("turn 1 to end", sent -> count(sent, "result") == 1 && endsIdle(sent));
        run.send("Also document the flag in the README.", ScenarioRecording.ANSWERED_BY);
        run.awaitScenarioFinished();
        run.stop();
    }

    /** Both prompts withdrawn by the worker before anyone answers. */
    public static void permissionCancel(Vertx vertx, Path root, String id) {
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id, Scenarios.load("permission-cancel"), Prompts.LEFT_ALONE);
        run.awaitScenarioFinished();
        run.stop();
    }

    private static long count(List<String> sent, String marker) {
        String quoted = "\"" + marker + "\"";
        return sent.stream().filter(t -> t.contains(quoted)).count();
    }

    private static boolean endsIdle(List<String> sent) {
        if (sent.isEmpty()) {
            return false;
        }
        String last = sent.get(sent.size() - 1);
        return last.contains("\"session_state_changed\"") && last.contains("\"idle\"");
    }
}
