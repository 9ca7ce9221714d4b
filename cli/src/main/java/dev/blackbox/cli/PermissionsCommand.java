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
        description = {"List and answer pending permission requests.",
                "Of the sessions recorded by any recorder on the clustered event bus. The first answer wins; later ones "
                        + "are refused (409) and journaled as refused."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the usage was shown (use a subcommand)", "2:bad usage: an unknown subcommand or option"},
        subcommands = {PermissionsCommand.List.class, PermissionsCommand.Approve.class, PermissionsCommand.Deny.class,
                PermissionWatch.class})
final class PermissionsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The fleet's pending list: {pending, unanswered, lost, nodes, known} (see Addresses.PERMISSIONS_PENDING). */
    static JsonObject pending(BlackboxRuntime runtime, String session) {
        JsonObject body = session == null ? new JsonObject() : new JsonObject().put("sessionId", session);
        return BusClient.request(runtime, Addresses.PERMISSIONS_PENDING, body);
    }

    static String describe(JsonObject r, long nowMicros) {
        long ageS = Math.max(0, (nowMicros - r.getLong("receivedAt", nowMicros)) / 1_000_000);
        return r.getString("requestId") + "  " + r.getString("sessionId") + "  " + r.getString("toolName") + " "
                + r.getJsonObject("input", new JsonObject()).encode() + "  (waiting " + Duration.ofSeconds(ageS).toString().substring(2).toLowerCase() + ")"
                + (r.getString("host") == null ? "" : "  on " + r.getString("host") + " (node " + shortNode(r.getString("node")) + ")");
    }

    static String shortNode(String node) {
        return node == null ? "?" : node.length() <= 8 ? node : node.substring(0, 8);
    }

    /**
     * The session a request belongs to, asked of the recorders when not given ({@code locate}): a
     * refused attempt is then journaled by the recorder that owns the request, like one with --session.
     */
    static String sessionOf(BlackboxRuntime runtime, String requestId, String session) {
        if (session != null) {
            return session;
        }
        try {
            return BusClient.request(runtime, Addresses.PERMISSIONS_LOCATE, new JsonObject().put("requestId", requestId))
                    .getString("sessionId");
        } catch (UsageError e) {
            throw new UsageError("no recorded session knows request " + requestId
                    + "; 'blackbox permissions list' shows the pending ones, or pass --session ID", 1);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Show every pending permission request.",
                    "Every recorder node in the cluster is asked; each line names the request id, session, tool, input,",
                    "how long it has waited and the node and host that records it. Sessions whose recorder left the cluster",
                    "are named ('recorder lost'), and so are nodes that did not reply in time. --json prints them as a JSON",
                    "array (with waitingSeconds)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the list is complete (also when nothing is pending)",
                    "1:incomplete: some node did not reply in time (named on the output)",
                    "2:bad usage or no recorder reachable"})
    static final class List implements Callable<Integer> {
        @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
        String session;

        @Mixin
        JsonOutput output;

        @Mixin
        BusOptions bus;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (BlackboxRuntime runtime = bus.join()) {
                JsonObject reply = pending(runtime, session);
                JsonArray all = reply.getJsonArray("pending", new JsonArray());
                PrintWriter out = spec.commandLine().getOut();
                long now = System.currentTimeMillis() * 1000;
                if (output.json) {
                    all.forEach(o -> ((JsonObject) o).put("waitingSeconds",
                            Math.max(0, (now - ((JsonObject) o).getLong("receivedAt", now)) / 1_000_000)));
                    JsonOutput.print(out, all);
                    return 0;
                }
                if (all.isEmpty()) {
                    out.println("no pending permission requests" + (!reply.getBoolean("known", true)
                            ? " (no node of the cluster records session " + session + ")"
                            : reply.getInteger("nodes", 0) == 0 && reply.getJsonArray("lost", new JsonArray()).isEmpty()
                            ? " (no recorder node in cluster '" + runtime.config.cluster().name() + "': is one running with"
                            + " 'blackbox record --cluster' and the same --cluster-members?)" : ""));
                }
                all.forEach(o -> out.println(describe((JsonObject) o, now)));
                reply.getJsonArray("lost", new JsonArray()).forEach(o -> {
                    JsonObject lost = (JsonObject) o;
                    out.println("! session " + lost.getString("sessionId") + ": recorder lost (node " + shortNode(lost.getString("node"))
                            + " on " + lost.getString("host") + " left the cluster); its pending requests cannot be listed");
                });
                JsonArray unanswered = reply.getJsonArray("unanswered", new JsonArray());
                unanswered.forEach(o -> {
                    JsonObject node = (JsonObject) o;
                    out.println("! node " + shortNode(node.getString("node")) + " on " + node.getString("host") + ": "
                            + node.getString("reason") + "; not listed: " + String.join(", ",
                            node.getJsonArray("sessions", new JsonArray()).stream().map(String::valueOf).toList()));
                });
                out.flush();
                return unanswered.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Allow a pending request (optionally with edited input).",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided and journaled", "1:refused: unknown, already decided or cancelled", "2:bad usage or no recorder reachable"})
    static final class Approve implements Callable<Integer> {
        @Mixin
        DecisionTarget target;

        @Option(names = "--input", paramLabel = "JSON", description = "The tool input to run instead of the requested one.")
        String input;

        @Option(names = "--always", description = {"Allow for the rest of this session: later requests of the same session for",
                "the same tool and the same input (or --pattern) are allowed at once, by a rule journaled before it answers."})
        boolean always;

        @Option(names = "--pattern", paramLabel = "FIELD=REGEX",
                description = "With --always: match this input field with a regex instead of its exact value (repeatable).")
        java.util.List<String> patterns = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            JsonObject body = target.body("allow");
            if (input != null) {
                try {
                    body.put("updatedInput", new JsonObject(input));
                } catch (DecodeException | ClassCastException e) {
                    throw new UsageError("--input must be a JSON object, e.g. '{\"command\":\"ls\"}'");
                }
            }
            if (!patterns.isEmpty() && !always) {
                throw new UsageError("--pattern needs --always (it is the rule's input pattern)");
            }
            if (always) {
                JsonObject fields = new JsonObject();
                for (String p : patterns) {
                    int eq = p.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageError("--pattern must be FIELD=REGEX, e.g. 'command=^git (status|diff)'");
                    }
                    fields.put(p.substring(0, eq), p.substring(eq + 1));
                }
                body.put("always", patterns.isEmpty() ? Boolean.TRUE : fields);
            }
            return target.decide(body);
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a pending request with a message.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:decided and journaled", "1:refused: unknown, already decided or cancelled", "2:bad usage or no recorder reachable"})
    static final class Deny implements Callable<Integer> {
        @Mixin
        DecisionTarget target;

        @Option(names = "--message", paramLabel = "TEXT", required = true, description = "Why: the agent sees this.")
        String message;

        @Option(names = "--interrupt", description = "Also abort the agent's turn.")
        boolean interrupt;

        @Override
        public Integer call() {
            JsonObject body = target.body("deny").put("message", message);
            if (interrupt) {
                body.put("interrupt", true);
            }
            return target.decide(body);
        }
    }

    /** What approve and deny share: which request, of which session, decided by whom, over which bus. */
    static final class DecisionTarget {
        @Parameters(paramLabel = "REQUEST_ID")
        String requestId;

        @Option(names = "--session", paramLabel = "ID", description = "The request's session (asked of the recorders when omitted).")
        String session;

        @Mixin
        Who who;

        @Mixin
        BusOptions bus;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        JsonObject body(String behavior) {
            return new JsonObject().put("requestId", requestId).put("behavior", behavior)
                    .put("decidedBy", who.name()).put("via", "cli");
        }

        int decide(JsonObject body) {
            try (BlackboxRuntime runtime = bus.join()) {
                String sessionId = sessionOf(runtime, requestId, session);
                JsonObject reply = BusClient.request(runtime, Addresses.decide(sessionId), body);
                spec.commandLine().getOut().println(reply.getString("behavior") + " " + requestId + " in " + sessionId
                        + " (journal seq " + reply.getLong("journalSeq") + ")");
                JsonObject rule = reply.getJsonObject("rule");
                if (rule != null) {
                    spec.commandLine().getOut().println("rule " + rule.getString("ruleId") + ": " + rule.getString("tool")
                            + " where " + rule.getJsonObject("input").encode() + " is allowed for the rest of this session"
                            + " (decisions name it via rule:" + rule.getString("ruleId") + ")");
                }
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
