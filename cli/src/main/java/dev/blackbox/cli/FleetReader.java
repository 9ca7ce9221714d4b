package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.play.JournalIntegrity;
import dev.blackbox.replay.remote.ChainCheck;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import dev.blackbox.replay.state.StateReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code --cluster} for the reading commands: joins the cluster, asks the fleet who holds which
 * session and reads journals from the node that holds them, verifying each chain from entry 1 on
 * this side. A remote journal is read on this (the command's) thread, page after page.
 */
final class FleetReader implements AutoCloseable {

    static final long FOLLOW_WAIT_MS = 1_000;

    private final BlackboxRuntime runtime;

    private FleetReader(BlackboxRuntime runtime) {
        this.runtime = runtime;
    }

    static FleetReader join(ConfigOption config, ClusterOptions cluster) {
        return new FleetReader(BlackboxRuntime.start(config, cluster.applyTo(new JsonObject(), true)));
    }

    /** The fleet directory: every session with its node, host and state. */
    List<JsonObject> sessions() {
        JsonArray all = BusClient.request(runtime, Addresses.FLEET_SESSIONS, new JsonObject()).getJsonArray("sessions", new JsonArray());
        return all.stream().map(o -> (JsonObject) o).toList();
    }

    /** The session's journal on the node that holds it; a usage error (exit 2) when no live node does. */
    RemoteEntries open(String sessionId) {
        SessionIds.requireValid(sessionId);
        try {
            return RemoteEntries.blocking(RemoteJournal.locate(runtime.vertx, sessionId).await(), FOLLOW_WAIT_MS);
        } catch (RemoteJournal.Unreachable e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** Folds and verifies a remote journal; its verdict also says whether it ends sealed, or is still being recorded. */
    StateReport report(String sessionId, String fleetState) {
        try (RemoteEntries entries = open(sessionId)) {
            ChainCheck chain = entries.integrity();
            JournalEntry[] last = new JournalEntry[1];
            Entries tracked = new Entries() {
                @Override
                public String sessionId() {
                    return entries.sessionId();
                }

                @Override
                public JournalEntry next() {
                    JournalEntry e = entries.next();
                    if (e != null) {
                        last[0] = e;
                    }
                    return e;
                }

                @Override
                public long lastSeq() {
                    return entries.lastSeq();
                }

                @Override
                public void seek(long fromSeq) {
                    entries.seek(fromSeq);
                }

                @Override
                public void close() {
                    entries.close();
                }
            };
            return StateReport.fold(sessionId, tracked, () -> StateReport.Integrity.received(chain,
                            JournalIntegrity.isSeal(last[0]), "recording".equals(fleetState)))
                    .heldBy(entries.journal().node(), entries.journal().host(), fleetState);
        }
    }

    /** One row per session of the fleet; a session whose node left is a row that says so. True when every journal read is intact. */
    boolean printTable(PrintWriter out) {
        List<JsonObject> sessions = sessions();
        if (sessions.isEmpty()) {
            out.println("no sessions in the cluster's fleet directory");
            out.flush();
            return true;
        }
        out.println(StateReport.tableHeader() + String.format(Locale.ROOT, "  %-20s %-8s %s", "HOST", "NODE", "FLEET"));
        boolean intact = true;
        for (JsonObject s : sessions) {
            String id = s.getString("sessionId");
            String where = String.format(Locale.ROOT, "  %-20s %-8s %s", s.getString("host"),
                    PermissionsCommand.shortNode(s.getString("node")), s.getString("state"));
            if (!s.getBoolean("nodeUp", false)) {
                out.println(String.format(Locale.ROOT, "%-36s %-12s %10s %9s %7s %9s %11s  %-9s", id, s.getString("state"),
                        "-", "-", "-", "-", "-", "-") + where);
                continue;
            }
            StateReport report;
            try {
                report = report(id, s.getString("state"));
            } catch (UsageError e) {
                out.println(String.format(Locale.ROOT, "%-36s %s", id, "unreadable: " + e.getMessage()) + where);
                intact = false;
                continue;
            }
            out.println(String.format(Locale.ROOT, "%-" + StateReport.tableHeader().length() + "s", report.tableRow()) + where);
            intact &= report.intact();
        }
        out.flush();
        return intact;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
