package dev.blackbox.bench;

import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/**
 * The ingest bench's frame source, run in a JVM of its own so that the bench JVM's heap and CPU
 * are the consumer's alone: a session {@value #WARMUP_SESSION} of {@code --warmup} frames and a
 * session {@value #MEASURED_SESSION} of {@code --count} frames, both the {@code load} scenario at
 * full speed, served by the simulator ({@code --source simulator}) or by the history-free
 * {@link IngestFeederVerticle} ({@code --source feeder}). Prints {@code READY <port>}; exits when
 * its stdin closes. The bearer token comes from the environment variable {@value #TOKEN_ENV}.
 */
final class IngestSource {

    static final String WARMUP_SESSION = "ingest_warmup";
    static final String MEASURED_SESSION = "ingest_measured";
    static final String TOKEN_ENV = "BLACKBOX_BENCH_TOKEN";
    static final String ORG = "11111111-2222-4333-8444-555555555555";

    enum Kind { SIMULATOR, FEEDER }

    private IngestSource() {
    }

    /** The arguments that make {@link #main} serve these sessions. */
    static List<String> args(Kind kind, long warmup, long count, String mix) {
        return List.of(kind.name(), Long.toString(warmup), Long.toString(count), mix == null ? "" : mix);
    }

    public static void main(String[] args) {
        BenchMain.quietChronicle();
        Kind kind = Kind.valueOf(args[0]);
        String mix = args[3].isEmpty() ? null : args[3];
        Map<String, Scenario> sessions = Map.of(
                WARMUP_SESSION, IngestLoadScenario.of(Long.parseLong(args[1]), mix),
                MEASURED_SESSION, IngestLoadScenario.of(Long.parseLong(args[2]), mix));
        String token = System.getenv(TOKEN_ENV);
        Vertx vertx = Vertx.vertx();
        int port;
        if (kind == Kind.SIMULATOR) {
            port = Simulator.start(vertx, SimulatorConfig.of(token, ORG, sessions)
                    .withKeepSentFrames(false).withEchoReplay(false)).await().port();
        } else {
            IngestFeederVerticle feeder = new IngestFeederVerticle(token, sessions);
            vertx.deployVerticle(feeder).await();
            port = feeder.port();
        }
        System.out.println(RoundTripChildJvm.READY + " " + port);
        RoundTripChildJvm.awaitParentGone();
        vertx.close().await();
        System.exit(0);
    }
}
