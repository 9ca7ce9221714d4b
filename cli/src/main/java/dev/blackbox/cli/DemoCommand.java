package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalBusyException;
import dev.blackbox.journal.JournalDeletion;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The whole flow in one process, in seconds: the simulator runs the coding-task scenario, a
 * recorder journals it, a policy answers the Bash request, the demo answers the Edit request over
 * the event bus as a person would and posts a follow-up message, then the journal is replayed,
 * its state shown and its hash chain verified.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show the whole flow in one process, in seconds.",
                "Runs the simulator, records its coding-task session with a policy and a person answering permissions "
                        + "over the event bus, then prints the transcript, the state and the verification."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the session was recorded, replayed and its journal verified",
                "1:the replay, state or verification of the recorded journal failed",
                "2:bad usage: a wrong option, or the journal directory cannot be written",
                "3:an unexpected internal error (please report it)"})
final class DemoCommand implements Callable<Integer> {

    static final String SESSION = "session_01DemoCodingTask";
    static final String ORG = "5fa8c2b4-0000-4000-8000-00000000de30";

    @Option(names = "--journal", paramLabel = "DIR",
            description = "Journal root to record into (default: $TMPDIR/blackbox-demo, where each run replaces the last).")
    Path dir;

    @Option(names = "--time-scale", paramLabel = "X", defaultValue = "0.1",
            description = "Speed of the simulated session's pauses (1 = real time; default ${DEFAULT-VALUE}).")
    double timeScale;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path root = dir != null ? dir : demoRoot(out);
        String token = "demo-" + UUID.randomUUID(); // lives only in this process
        Vertx vertx = Vertx.vertx();
        try {
            Simulator simulator = Simulator.start(vertx, SimulatorConfig.of(token, ORG, SESSION, Scenarios.load("coding-task"))
                    .withTimeScale(timeScale)).await();
            out.println("1. simulator: " + simulator.baseUrl() + " runs scenario coding-task as " + SESSION);

            Policy policy = Policy.parse(new JsonObject("""
                    {"rules":[{"name":"tests are safe","tool":"Bash","input":{"command":"^npm test"},"decision":"allow"},
                              {"name":"no rm -rf","tool":"Bash","input":{"command":"rm -rf"},"decision":"deny","message":"not here"}],
                     "default":"ask"}"""));
            out.println("2. policy: allow Bash 'npm test*', deny 'rm -rf', ask a person for the rest");

            Promise<Void> turnOneDone = Promise.promise();
            vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> operatorAnswers(vertx, m.body(), out));
            vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_RESOLVED, m -> {
                JsonObject r = m.body();
                out.println("   decided: " + r.getString("behavior") + " " + r.getString("requestId").substring(0, 8)
                        + " by " + r.getString("decidedBy") + " via " + r.getString("via") + " (journal seq " + r.getLong("journalSeq") + ")");
                if ("demo-operator".equals(r.getString("decidedBy"))) {
                    turnOneDone.tryComplete();
                }
            });

            RemoteSession remote = new RemoteSession(URI.create(simulator.baseUrl()), ORG, TokenSource.of(token),
                    ReconnectMode.PERSISTENT, ReconnectTimings.upstream());
            Blackbox blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(new SessionSettings(SESSION, root, false,
                    null, remote))).withPolicy(policy)).await();
            out.println("3. recorder: journaling into " + root.resolve(SESSION));

            turnOneDone.future().await(30, TimeUnit.SECONDS);
            simulator.session(SESSION).when(log -> log.sentTexts().stream().anyMatch(t -> t.contains("\"type\":\"result\""))).await(30, TimeUnit.SECONDS);
            JsonObject posted = vertx.eventBus().<JsonObject>request(Addresses.send(SESSION),
                    new JsonObject().put("text", "Also check that the README mentions --verbose.").put("sentBy", "demo-operator")).await().body();
            out.println("4. the operator posts a follow-up message over the bus (event " + posted.getString("uuid").substring(0, 8) + ")");
            simulator.scenarioFinished(SESSION).await(30, TimeUnit.SECONDS);
            waitUntilJournaled(vertx, simulator);
            blackbox.stop().await();
            out.println("5. session finished; recording stopped");
        } finally {
            vertx.close().await();
        }

        out.println();
        out.println("$ blackbox replay " + SESSION + " --journal " + root);
        int rc = BlackboxCommand.run("replay", SESSION, "--journal", root.toString());
        out.println();
        out.println("$ blackbox state " + SESSION + " --journal " + root);
        rc |= BlackboxCommand.run("state", SESSION, "--journal", root.toString());
        out.println();
        out.println("$ blackbox verify " + SESSION + " --journal " + root);
        rc |= BlackboxCommand.run("verify", SESSION, "--journal", root.toString());
        out.println();
        out.println("The journal is in " + root + ". Try next:");
        out.println("  blackbox replay " + SESSION + " --journal " + root + " --format html --out session.html");
        out.println("  blackbox replay " + SESSION + " --journal " + root + " --speed 4 --idle-limit 1");
        out.println("  blackbox replay " + SESSION + " --journal " + root + " --format jsonl   # the frames, verbatim");
        out.println("  blackbox export " + SESSION + " --journal " + root + " --format asciicast --out session.cast");
        out.println("  blackbox sessions --journal " + root);
        out.println("  blackbox simulate --scenario coding-task --session s1 --org " + ORG + " --token-env TOKEN   # then: blackbox record ...");
        return rc == 0 ? 0 : 1;
    }

    /**
     * One demo directory, not one more per run: the previous run's recording is removed first (unless a
     * recorder still holds it, then a fresh directory is used), so the demo leaves one journal behind.
     */
    private static Path demoRoot(PrintStream out) throws IOException {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "blackbox-demo");
        Path previous = root.resolve(SESSION);
        if (Files.isDirectory(previous)) {
            // under the writer lock, as prune deletes: no recorder can start on it while it goes
            try (JournalDeletion deletion = JournalDeletion.lock(root, SESSION)) {
                deletion.delete();
            } catch (JournalBusyException recording) {
                return Files.createTempDirectory("blackbox-demo-");
            }
            out.println("(the previous demo recording in " + root + " was replaced)");
        }
        return root;
    }

    /** The person at the console: answers whatever the policy left to a human, over the bus. */
    private static void operatorAnswers(Vertx vertx, JsonObject request, PrintStream out) {
        out.println("   requested: " + request.getString("toolName") + " " + request.getJsonObject("input").encode()
                + " (" + request.getString("requestId").substring(0, 8) + ")");
        vertx.setTimer(300, t -> vertx.eventBus().request(Addresses.decide(request.getString("sessionId")), new JsonObject()
                        .put("requestId", request.getString("requestId")).put("behavior", "allow")
                        .put("decidedBy", "demo-operator").put("via", "cli"))
                .onFailure(e -> {
                    // the policy already answered it: first answer wins, and the refusal is journaled
                }));
    }

    /** The recorder journals on its own event loop; wait until it has every frame the simulator sent. */
    private static void waitUntilJournaled(Vertx vertx, Simulator simulator) throws Exception {
        long sent = simulator.session(SESSION).sentCount();
        for (int i = 0; i < 500; i++) {
            if (vertx.eventBus().<JsonObject>request(Addresses.status(SESSION), null).await().body()
                    .getLong("framesReceived") >= sent) {
                return;
            }
            vertx.timer(10).await();
        }
    }
}
