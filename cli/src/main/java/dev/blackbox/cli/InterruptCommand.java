package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.SessionIds;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "interrupt", mixinStandardHelpOptions = true,
        description = "Interrupt the current turn of a session being recorded (over the clustered event bus).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:interrupt sent (or held until reconnect)", "1:refused (viewer-only session)", "2:bad usage or no recorder reachable"})
final class InterruptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION")
    String session;

    @Option(names = "--by", paramLabel = "NAME", description = "Who is asking (default: $USER).")
    String by;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SessionIds.requireValid(session);
        try (BlackboxRuntime runtime = BlackboxRuntime.start(cluster.configFile, cluster.applyTo(new JsonObject(), true))) {
            JsonObject reply = BusClient.request(runtime, Addresses.interrupt(session),
                    new JsonObject().put("requestedBy", Who.name(by)));
            spec.commandLine().getOut().println("interrupt sent: request " + reply.getString("requestId"));
            return 0;
        }
    }
}
