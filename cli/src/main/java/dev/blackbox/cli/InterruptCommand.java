package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "interrupt", mixinStandardHelpOptions = true,
        description = {"Interrupt the current turn of a recorded session.",
                "Asks the session's recorder over the clustered event bus; the recorder journals who asked, then sends the interrupt."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:interrupt sent (or held until reconnect)", "1:refused (viewer-only session)", "2:bad usage or no recorder reachable"})
final class InterruptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION")
    String session;

    @Mixin
    BusOptions bus;

    @Mixin
    Who who;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonObject reply = BusClient.ask(bus, Addresses::interrupt, session, new JsonObject().put("requestedBy", who.name()));
        spec.commandLine().getOut().println("interrupt sent: request " + reply.getString("requestId"));
        return 0;
    }
}
