package dev.blackbox.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch pending permission requests and answer them.",
                "Over the clustered event bus. Terminal keys: a = allow, d = deny (asks for the reason), j/k = select, q = quit.",
                "Piped input: 'a REQUEST_ID', 'd REQUEST_ID [message]', 'q' (one per line)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (q, the end of piped input, or SIGINT)", "2:bad usage or no recorder reachable"})
final class PermissionWatch implements Callable<Integer> {

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Mixin
    Who who;

    @Mixin
    BusOptions bus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (BlackboxRuntime runtime = bus.join()) {
            new ApproverConsole(runtime.vertx, session, who.name(), spec.commandLine().getOut(), System.console() != null).run();
            return 0;
        }
    }
}
