package dev.blackbox.cli;

import dev.blackbox.recorder.bus.Addresses;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * An approver's console: every pending request (also those raised before it started), new ones as
 * they arrive, and who won each race. On a terminal one key decides the selected request; piped,
 * it reads commands a line at a time ({@code a ID}, {@code d ID [message]}, {@code q}).
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch pending permission requests and answer them.",
                "Terminal keys: a = allow, d = deny, j/k = select, q = quit.",
                "Piped input: 'a REQUEST_ID', 'd REQUEST_ID [message]', 'q' (one per line)."})
final class PermissionWatch implements Callable<Integer> {

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
    String by;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, JsonObject> pending = new LinkedHashMap<>();
    private int selected;
    private PrintWriter out;
    private boolean terminal;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        terminal = System.console() != null;
        try (BlackboxRuntime runtime = BlackboxRuntime.start(cluster.configFile, cluster.applyTo(new JsonObject(), true))) {
            var bus = runtime.vertx.eventBus();
            var requested = bus.<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> {
                if (mine(m.body())) {
                    add(m.body());
                    show("new request " + m.body().getString("requestId"));
                }
            });
            var resolved = bus.<JsonObject>consumer(Addresses.PERMISSIONS_RESOLVED, m -> {
                JsonObject b = m.body();
                if (remove(b.getString("requestId"))) {
                    show(b.getString("requestId") + ": " + b.getString("behavior") + " by " + b.getString("decidedBy")
                            + " via " + b.getString("via"));
                }
            });
            var cancelled = bus.<JsonObject>consumer(Addresses.PERMISSIONS_CANCELLED, m -> {
                if (remove(m.body().getString("requestId"))) {
                    show(m.body().getString("requestId") + ": cancelled by the session");
                }
            });
            requested.completion().await();
            resolved.completion().await();
            cancelled.completion().await();
            try {
                PermissionsCommand.pending(runtime, session).forEach(o -> add((JsonObject) o));
            } catch (UsageError e) {
                show("(no recorder answered the pending query yet: " + e.getMessage() + ")");
            }
            show("watching" + (session == null ? "" : " session " + session));
            if (terminal) {
                keys(runtime);
            } else {
                lines(runtime);
            }
            return 0;
        }
    }

    private boolean mine(JsonObject request) {
        return session == null || session.equals(request.getString("sessionId"));
    }

    private synchronized void add(JsonObject request) {
        pending.put(request.getString("requestId"), request);
    }

    private synchronized boolean remove(String requestId) {
        return pending.remove(requestId) != null;
    }

    private synchronized void show(String event) {
        long now = System.currentTimeMillis() * 1000;
        if (terminal) {
            out.print("\033[H\033[2J");
            out.println("Pending permission requests (a allow, d deny, j/k select, q quit)");
            List<JsonObject> list = new ArrayList<>(pending.values());
            selected = Math.min(selected, Math.max(0, list.size() - 1));
            for (int i = 0; i < list.size(); i++) {
                out.println((i == selected ? "> " : "  ") + PermissionsCommand.describe(list.get(i), now));
            }
            if (list.isEmpty()) {
                out.println("  (none)");
            }
            out.println();
            out.println(event);
        } else {
            out.println("# " + event);
            pending.values().forEach(r -> out.println("pending " + PermissionsCommand.describe(r, now)));
        }
        out.flush();
    }

    private synchronized JsonObject selectedRequest() {
        List<JsonObject> list = new ArrayList<>(pending.values());
        return list.isEmpty() ? null : list.get(Math.min(selected, list.size() - 1));
    }

    private void keys(BlackboxRuntime runtime) throws IOException, InterruptedException {
        stty("-icanon", "-echo", "min", "1");
        try {
            int c;
            while ((c = System.in.read()) != -1) {
                JsonObject r = selectedRequest();
                switch (c) {
                    case 'q' -> {
                        return;
                    }
                    case 'j' -> {
                        synchronized (this) {
                            selected++;
                        }
                        show("");
                    }
                    case 'k' -> {
                        synchronized (this) {
                            selected = Math.max(0, selected - 1);
                        }
                        show("");
                    }
                    case 'a' -> decide(runtime, r, "allow", null);
                    case 'd' -> decide(runtime, r, "deny", "Denied from the approver's console");
                    default -> {
                    }
                }
            }
        } finally {
            stty("sane");
        }
    }

    private void lines(BlackboxRuntime runtime) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split("\\s+", 3);
            if (parts[0].equals("q")) {
                return;
            }
            if (parts.length < 2 || !(parts[0].equals("a") || parts[0].equals("d"))) {
                show("? expected 'a REQUEST_ID', 'd REQUEST_ID [message]' or 'q'");
                continue;
            }
            JsonObject r;
            synchronized (this) {
                r = pending.get(parts[1]);
            }
            if (r == null) {
                show(parts[1] + ": not pending");
                continue;
            }
            decide(runtime, r, parts[0].equals("a") ? "allow" : "deny",
                    parts[0].equals("d") ? (parts.length > 2 ? parts[2] : "Denied from the approver's console") : null);
        }
    }

    private void decide(BlackboxRuntime runtime, JsonObject request, String behavior, String message) {
        if (request == null) {
            return;
        }
        JsonObject body = new JsonObject().put("requestId", request.getString("requestId")).put("behavior", behavior)
                .put("decidedBy", Who.name(by)).put("via", "cli");
        if (message != null) {
            body.put("message", message);
        }
        runtime.vertx.eventBus().request(Addresses.decide(request.getString("sessionId")), body)
                .onFailure(e -> show(request.getString("requestId") + ": not applied: "
                        + (e instanceof ReplyException r ? r.failureCode() + " " : "") + e.getMessage()));
    }

    private static void stty(String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty"))).start().waitFor();
        } catch (IOException e) {
            // no stty: keys need Enter, still works
        }
    }
}
