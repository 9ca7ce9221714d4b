package dev.blackbox.cli;

import dev.blackbox.app.witness.WitnessVerticle;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Keep a copy of the cluster's journal checkpoints.",
                "Joins the clustered event bus and appends every checkpoint any recorder publishes (its periodic ones "
                        + "with a signing key, a witness or journal.durability: checkpoint, and every seal) to FILE: one JSON "
                        + "line each, as the recorder wrote it, forced to the disk, mode 0600. 'blackbox verify --witness FILE' "
                        + "then catches a journal cut back past a checkpoint witnessed here, or another recording swapped in, "
                        + "even by someone who could rewrite the recorder's host. Run it where the recorders' hosts cannot write.",
                "It can only witness what it heard: checkpoints published while it was not running are not in FILE."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by SIGINT/SIGTERM",
                "2:bad usage: a wrong option or config value, FILE cannot be written, the cluster cannot be joined"})
final class WitnessCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The witness file (created if missing, appended to; one file may serve every session).")
    Path out;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        try (BlackboxRuntime runtime = BlackboxRuntime.start(config, cluster.applyTo(new JsonObject(), true))) {
            WitnessVerticle witness = new WitnessVerticle(out, line -> System.err.println("blackbox: " + line));
            String deployment;
            try {
                deployment = runtime.vertx.deployVerticle(witness).await();
            } catch (Exception e) {
                throw new UsageError(e.getMessage());
            }
            System.err.println("blackbox: witnessing the checkpoints of cluster '" + runtime.config.cluster().name() + "' into "
                    + out.toAbsolutePath() + "; Ctrl-C stops");
            SignalStop.install().await();
            runtime.vertx.undeploy(deployment).await(); // the lines queued before the signal are written first
            System.err.println("blackbox: witnessed " + witness.written() + " checkpoints of " + witness.sessions() + " sessions"
                    + (witness.refused() > 0 ? "; left out " + witness.refused() + " messages that were not checkpoints" : ""));
            return 0;
        }
    }
}
