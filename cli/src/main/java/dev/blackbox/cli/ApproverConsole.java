package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.vertx.core.json.JsonArray;
import java.io.File;

/**
 * An approver at a terminal: every pending request (also those raised before it started), new ones
 * as they arrive, and who won each race. On a terminal one key decides the selected request; piped,
 * it reads commands a line at a time ({@code a ID}, {@code d ID [message]}, {@code q}). Used by
 * {@code permissions watch} (over the cluster) and {@code record --ask} (in the recorder's process).
 */
final class ApproverConsole {

    static final String DEFAULT_DENIAL = "Denied from the approver's console";

    private final Map<String, JsonObject> pending = new LinkedHashMap<>();
    private final Vertx vertx;
    private final String session;
    private final String decidedBy;
    private final PrintWriter out;
    private final boolean terminal;
    private int selected;
    private String lastEvent = "";
    private volatile boolean prompting;

    ApproverConsole(Vertx vertx, String session, String decidedBy, PrintWriter out, boolean terminal) {
        this.vertx = vertx;
        this.session = session;
        this.decidedBy = decidedBy;
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows pending requests and takes decisions until 'q' or the end of input. */
    void run() throws Exception {
        var bus = vertx.eventBus();
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
        try {
            requested.completion().await();
            resolved.completion().await();
            cancelled.completion().await();
            try {
                JsonObject query = session == null ? new JsonObject() : new JsonObject().put("sessionId", session);
                vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, query).await().body()
                        .getJsonArray("pending", new JsonArray()).forEach(o -> add((JsonObject) o));
            } catch (ReplyException e) {
                show("(no recorder answered the pending query yet: " + e.getMessage() + ")");
            }
            show("watching" + (session == null ? "" : " session " + session));
            // on a terminal the screen is redrawn every second, so the ages are live
            long ticker = terminal ? vertx.setPeriodic(1000, id -> {
                if (!prompting) {
                    show("");
                }
            }) : -1;
            try {
                if (terminal) {
                    keys();
                } else {
                    lines();
                }
            } finally {
                if (ticker >= 0) {
                    vertx.cancelTimer(ticker);
                }
            }
            show("stopped asking here: pending requests now wait for another approver, the console or the policy");
        } finally {
            requested.unregister();
            resolved.unregister();
            cancelled.unregister();
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

    /** Redraws (terminal) or prints (piped) the pending list; an empty event keeps the last one shown. */
    private synchronized void show(String event) {
        long now = System.currentTimeMillis() * 1000;
        if (!event.isEmpty()) {
            lastEvent = event;
        } else if (!terminal) {
            return;
        }
        event = lastEvent;
        if (terminal) {
            out.print("\033[H\033[2J");
            out.println("Pending permission requests (a allow, d deny with a reason, j/k select, q stop asking)");
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

    private void keys() throws IOException, InterruptedException {
        stty("-icanon", "-echo", "min", "1");
        Thread restore = new Thread(() -> {
            try {
                stty("sane"); // also when the process ends on a signal while keys are being read
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(restore);
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
                    case 'a' -> decide(r, "allow", null);
                    case 'd' -> {
                        if (r != null) {
                            decide(r, "deny", askReason(r));
                        }
                    }
                    default -> {
                    }
                }
            }
        } finally {
            stty("sane");
        }
    }

    /** Asks why, in line mode, with the redraw paused; Enter alone gives the default reason. */
    private String askReason(JsonObject request) throws IOException, InterruptedException {
        prompting = true;
        try {
            stty("icanon", "echo");
            synchronized (this) {
                out.print("Reason for denying " + request.getString("toolName") + " " + request.getString("requestId")
                        + " (the agent sees it; Enter: \"" + DEFAULT_DENIAL + "\"): ");
                out.flush();
            }
            StringBuilder line = new StringBuilder();
            for (int c = System.in.read(); c != -1 && c != '\n'; c = System.in.read()) {
                line.append((char) c);
            }
            String reason = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip();
            return reason.isEmpty() ? DEFAULT_DENIAL : reason;
        } finally {
            stty("-icanon", "-echo", "min", "1");
            prompting = false;
        }
    }

    private void lines() throws IOException {
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
            decide(r, parts[0].equals("a") ? "allow" : "deny",
                    parts[0].equals("d") ? (parts.length > 2 ? parts[2] : DEFAULT_DENIAL) : null);
        }
    }

    private void decide(JsonObject request, String behavior, String message) {
        if (request == null) {
            return;
        }
        JsonObject body = new JsonObject().put("requestId", request.getString("requestId")).put("behavior", behavior)
                .put("decidedBy", decidedBy).put("via", "cli");
        if (message != null) {
            body.put("message", message);
        }
        vertx.eventBus().request(Addresses.decide(request.getString("sessionId")), body)
                .onFailure(e -> show(request.getString("requestId") + ": not applied: "
                        + (e instanceof ReplyException r ? r.failureCode() + " " : "") + e.getMessage()));
    }

    private static void stty(String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty"))).start().waitFor();
        } catch (IOException e) {
            // no stty: keys need Enter, still works
        }
    }
}
