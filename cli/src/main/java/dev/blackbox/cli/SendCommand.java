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

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Post a user message to a session being recorded (over the clustered event bus).",
                "The recorder POSTs it to the session, journals MESSAGE_POSTED with who sent it, and replies with the event uuid."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:posted", "1:refused (viewer-only session, or the service did not accept it)", "2:bad usage or no recorder reachable"})
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION")
    String session;

    @Parameters(index = "1", paramLabel = "TEXT")
    String text;

    @Option(names = "--by", paramLabel = "NAME", description = "Who is sending (default: $USER).")
    String by;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SessionIds.requireValid(session);
        try (BlackboxRuntime runtime = BlackboxRuntime.start(cluster.configFile, cluster.applyTo(new JsonObject(), true))) {
            JsonObject reply = BusClient.request(runtime, Addresses.send(session),
                    new JsonObject().put("text", text).put("sentBy", Who.name(by)));
            spec.commandLine().getOut().println("posted " + reply.getString("uuid") + " (HTTP " + reply.getInteger("status") + ")");
            return 0;
        }
    }
}
