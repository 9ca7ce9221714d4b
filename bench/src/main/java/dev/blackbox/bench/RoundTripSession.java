package dev.blackbox.bench;

import dev.blackbox.app.Blackbox;
import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One recorded session of permission prompts, wired as in production: the simulator as the
 * session, the real recorder deployed by the one assembly, and either an in-process allow-all policy or
 * nothing (an approver elsewhere on the clustered bus answers). Returns the round trips read back
 * from the journal.
 */
final class RoundTripSession {

    static final Policy ALLOW_ALL = Policy.parse(new JsonObject()
            .put("rules", new JsonArray().add(new JsonObject()
                    .put("name", "bench-allow-all").put("tool", "*").put("decision", "allow"))));

    private static final String ORG = "11111111-2222-4333-8444-555555555555";

    private RoundTripSession() {
    }

    /** Journals into a fresh directory under {@code workDir}, deleted once the round trips are read back. */
    static RoundTripLatencies run(Vertx vertx, Path workDir, String sessionId, int warmup, int measured,
                                  boolean inProcessPolicy) throws Exception {
        Path journalRoot = Files.createTempDirectory(workDir, sessionId + "-");
        try {
            record(vertx, journalRoot, sessionId, warmup + measured, inProcessPolicy);
            return RoundTripLatencies.fromJournal(journalRoot, sessionId, warmup);
        } finally {
            JournalLoadDriver.deleteRecursively(journalRoot);
        }
    }

    /** Runs the session to the end of its scenario; the recorder is undeployed (its journal closed) on return. */
    private static void record(Vertx vertx, Path journalRoot, String sessionId, int prompts, boolean inProcessPolicy)
            throws Exception {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Simulator simulator = Simulator.start(vertx, SimulatorConfig.of(token, ORG, sessionId, RoundTripScenario.of(prompts))
                .withKeepSentFrames(false)).await();
        Blackbox.Plan plan = Blackbox.Plan.record(List.of(new SessionSettings(sessionId, journalRoot, false, null,
                new RemoteSession(URI.create(simulator.baseUrl()), ORG, TokenSource.of(token), ReconnectMode.PERSISTENT,
                        ReconnectTimings.upstream()))));
        // the recorder is ready only once decide is answerable (cluster-wide): before the first prompt arrives
        Blackbox blackbox = Blackbox.start(vertx, inProcessPolicy ? plan.withPolicy(ALLOW_ALL) : plan).await();
        long limitSeconds = 60 + prompts / 20L;
        try {
            simulator.scenarioFinished(sessionId).await(limitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(sessionId + ": the " + prompts + " prompts were not through within "
                    + limitSeconds + " s (" + vertx.eventBus().<JsonObject>request(Addresses.status(sessionId), null)
                    .await().body().encode() + ")");
        } finally {
            blackbox.stop().await();
            simulator.stop().await();
        }
    }
}
