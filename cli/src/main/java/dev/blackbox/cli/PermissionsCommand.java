package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "permissions", mixinStandardHelpOptions = true,
        description = {"List and answer pending permission requests of recorded sessions (over the clustered event bus).",
                "The first answer wins; later ones are refused (409) and journaled as refused."},
        subcommands = {PermissionsCommand.List.class, PermissionsCommand.Approve.class, PermissionsCommand.Deny.class,
                PermissionWatch.class})
final class PermissionsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static JsonArray pending(BlackboxRuntime runtime, String session) {
        JsonObject body = session == null ? new JsonObject() : new JsonObject().put("sessionId", session);
        return BusClient.request(runtime, Addresses.PERMISSIONS_PENDING, body).getJsonArray("pending", new JsonArray());
    }

    static String describe(JsonObject r, long nowMicros) {
        long ageS = Math.max(0, (nowMicros - r.getLong("receivedAt", nowMicros)) / 1_000_000);
        return r.getString("requestId") + "  " + r.getString("sessionId") + "  " + r.getString("toolName") + " "
                + r.getJsonObject("input", new JsonObject()).encode() + "  (waiting " + Duration.ofSeconds(ageS).toString().substring(2).toLowerCase() + ")";
    }

    /** The session of a pending request, found through the pending query when not given. */
    static String sessionOf(BlackboxRuntime runtime, String requestId, String session) {
        if (session != null) {
            return session;
        }
        for (Object o : pending(runtime, null)) {
            JsonObject r = (JsonObject) o;
            if (requestId.equals(r.getString("requestId"))) {
                return r.getString("sessionId");
            }
        }
        throw new UsageError("no pending request " + requestId + " (already decided or cancelled?); 'blackbox permissions list' shows them, or pass --session ID", 1);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show every pending permission request.")
    static final class List implements Callable<Integer> {
        @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
        String session;

        @Mixin
        ClusterOptions cluster;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (BlackboxRuntime runtime = BlackboxRuntime.start(cluster.configFile, cluster.applyTo(new JsonObject(), true))) {
                JsonArray all = pending(runtime, session);
                PrintWriter out = spec.commandLine().getOut();
                if (all.isEmpty()) {
                    out.println("no pending permission requests");
                }
                long now = System.currentTimeMillis() * 1000;
                all.forEach(o -> out.println(describe((JsonObject) o, now)));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Allow a pending request (optionally with edited input).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided and journaled", "1:refused: unknown, already decided or cancelled", "2:bad usage or no recorder reachable"})
    static final class Approve implements Callable<Integer> {
        @Parameters(paramLabel = "REQUEST_ID")
        String requestId;

        @Option(names = "--session", paramLabel = "ID", description = "The request's session (found via the pending list when omitted).")
        String session;

        @Option(names = "--input", paramLabel = "JSON", description = "The tool input to run instead of the requested one.")
        String input;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
        String by;

        @Mixin
        ClusterOptions cluster;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonObject body = new JsonObject().put("requestId", requestId).put("behavior", "allow")
                    .put("decidedBy", Who.name(by)).put("via", "cli");
            if (input != null) {
                try {
                    body.put("updatedInput", new JsonObject(input));
                } catch (DecodeException | ClassCastException e) {
                    throw new UsageError("--input must be a JSON object, e.g. '{\"command\":\"ls\"}'");
                }
            }
            return decide(spec, cluster, requestId, session, body);
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a pending request with a message.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided and journaled", "1:refused: unknown, already decided or cancelled", "2:bad usage or no recorder reachable"})
    static final class Deny implements Callable<Integer> {
        @Parameters(paramLabel = "REQUEST_ID")
        String requestId;

        @Option(names = "--message", paramLabel = "TEXT", required = true, description = "Why: the agent sees this.")
        String message;

        @Option(names = "--interrupt", description = "Also abort the agent's turn.")
        boolean interrupt;

        @Option(names = "--session", paramLabel = "ID", description = "The request's session (found via the pending list when omitted).")
        String session;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
        String by;

        @Mixin
        ClusterOptions cluster;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonObject body = new JsonObject().put("requestId", requestId).put("behavior", "deny")
                    .put("message", message).put("decidedBy", Who.name(by)).put("via", "cli");
            if (interrupt) {
                body.put("interrupt", true);
            }
            return decide(spec, cluster, requestId, session, body);
        }
    }

    static int decide(CommandLine.Model.CommandSpec spec, ClusterOptions cluster, String requestId, String session, JsonObject body) {
        try (BlackboxRuntime runtime = BlackboxRuntime.start(cluster.configFile, cluster.applyTo(new JsonObject(), true))) {
            String sessionId = sessionOf(runtime, requestId, session);
            JsonObject reply = BusClient.request(runtime, Addresses.decide(sessionId), body);
            spec.commandLine().getOut().println(reply.getString("behavior") + " " + requestId + " in " + sessionId
                    + " (journal seq " + reply.getLong("journalSeq") + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
