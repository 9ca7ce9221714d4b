package dev.blackbox.cli;

import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import dev.blackbox.journal.SessionIds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Run a local stand-in for the sessions service.",
                "The session simulator listens on 127.0.0.1 and plays scenarios to the recorders that subscribe.",
                "Prints its base URL (http://127.0.0.1:PORT) on one line once it listens, then serves until Ctrl-C.",
                "Shipped scenarios: " + "coding-task, permission-cancel, interrupt, reconnect, malformed, load."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGINT/SIGTERM",
                "2:bad usage: unknown scenario or parameter, token variable not set, port in use"})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (default 0: any free port).")
    int port;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", description = "A shipped scenario or a JSON Lines file (default coding-task).")
    String scenario = "coding-task";

    @Option(names = "--session", paramLabel = "ID", description = "The session id that runs the scenario (default session_sim).")
    String session = "session_sim";

    @Option(names = "--org", paramLabel = "UUID", description = "The organization clients must name (default: any).")
    String org;

    @Option(names = "--token-env", paramLabel = "VAR", required = true,
            description = "Environment variable holding the token clients must present (never a flag value).")
    String tokenEnv;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Override a scenario parameter; repeat for several (e.g. --param count=100000 --param rate=0).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--time-scale", paramLabel = "X", description = "Multiply every pause, timeout and rate delay by X (default 1; 0.01 runs 100 times faster).")
    double timeScale = 1.0;

    @Option(names = "--no-echo-replay", description = "Echo a POSTed user message once, without the second isReplay:true copy.")
    boolean noEchoReplay;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UsageError("--port must be between 0 and 65535, got " + port);
        }
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new UsageError("--time-scale must be a number >= 0, got " + timeScale);
        }
        if (!SessionIds.isValid(session)) {
            throw new UsageError("--session must be 1 to 128 letters, digits, '_' or '-', got '" + session + "'");
        }
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new UsageError("environment variable " + tokenEnv + " (from --token-env) is not set or empty");
        }
        Scenario loaded = Scenarios.load(scenario, params);
        SimulatorConfig config = SimulatorConfig.of(token, org, session, loaded)
                .withPort(port).withTimeScale(timeScale).withEchoReplay(!noEchoReplay);

        CountDownLatch stop = SignalStop.install();
        Vertx vertx = Vertx.vertx();
        try {
            Simulator simulator;
            try {
                simulator = Simulator.start(vertx, config).await();
            } catch (Exception e) { // await() rethrows the cause as is, e.g. a java.net.BindException
                throw new UsageError("cannot listen on " + config.host() + ":" + port + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(simulator.baseUrl());
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println("blackbox simulate: session " + session + " runs scenario " + loaded.name()
                    + (loaded.params().isEmpty() ? "" : " " + loaded.params()) + "; Ctrl-C stops");
            err.flush();
            stop.await();
            return 0;
        } finally {
            vertx.close().await();
        }
    }
}
