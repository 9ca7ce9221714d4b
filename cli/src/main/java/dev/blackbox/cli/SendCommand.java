package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send a user message to a recorded session.",
                "Over the clustered event bus, the session's recorder journals it, delivers it (an HTTP POST to the service, "
                        + "or a stdin line to a local worker), journals MESSAGE_POSTED with who sent it, and replies with the event uuid."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sent", "1:refused (viewer-only session, or the session did not accept it)", "2:bad usage or no recorder reachable"})
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION")
    String session;

    @Parameters(index = "1", paramLabel = "TEXT")
    String text;

    @Mixin
    BusOptions bus;

    @Mixin
    Who who;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonObject reply = BusClient.ask(bus, Addresses::send, session, new JsonObject().put("text", text).put("sentBy", who.name()));
        spec.commandLine().getOut().println("sent " + reply.getString("uuid")
                + (reply.getInteger("status") == null ? "" : " (HTTP " + reply.getInteger("status") + ")"));
        return 0;
    }
}
