package dev.blackbox.bench;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorder node of the fleet bench, in a JVM of its own: on the clustered bus it records
 * {@code SESSIONS} simulated sessions, each with two permission requests left pending, and serves the
 * journals under its root (among them the large one the parent wrote). Run as a child process
 * ({@code FleetBenchNode CLUSTER PORT MEMBER ROOT SESSIONS}); prints {@code READY} once recording, exits when stdin closes.
 */
final class FleetBenchNode {

    static final String TOKEN = "fleet-bench-token";
    static final String ORG = "f0f0f0f0-1111-4222-8333-444455556666";

    private FleetBenchNode() {
    }

    static Scenario twoPending() {
        return Scenario.parse("two-pending", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"m\",\"uuid\":\"${uuid}\"}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:t1}\"}}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r2}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Edit\",\"input\":{\"file_path\":\"/a\"},\"tool_use_id\":\"${uuid:t2}\"}}}",
                "{\"await_user_message\":{}}"));
    }

    public static void main(String[] args) {
        BenchMain.quietChronicle();
        BenchMain.quietHazelcast();
        Path root = Path.of(args[3]);
        int sessions = Integer.parseInt(args[4]);
        Vertx vertx = ClusteredVertx.start(RoundTripApprover.cluster(args[0], Integer.parseInt(args[1]), args[2])).await();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (int i = 1; i <= sessions; i++) {
            scenarios.put("bench_pending_" + i, twoPending());
        }
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, scenarios)).await();
        List<SessionSettings> recorded = new ArrayList<>();
        RemoteSession remote = new RemoteSession(URI.create(sim.baseUrl()), ORG, TokenSource.of(TOKEN), ReconnectMode.PERSISTENT,
                ReconnectTimings.upstream());
        scenarios.keySet().forEach(id -> recorded.add(new SessionSettings(id, root, false, null, remote)));
        Blackbox blackbox = Blackbox.start(vertx, Blackbox.Plan.record(recorded)).await();
        System.out.println(RoundTripChildJvm.READY);
        RoundTripChildJvm.awaitParentGone();
        blackbox.stop().await();
        vertx.close().await();
        System.exit(0);
    }
}
