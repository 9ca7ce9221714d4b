package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.JsonScan;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.recorder.metrics.BlackboxMeters;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Records one session: opens its journal, then connects and journals every frame in and out, write
 * first, then act. It only wires its parts and routes what arrives; each part has one job:
 * {@link JournalFirstWriter} (the only path to the journal and, after it, to the transport),
 * {@link SessionConnection} (connect, reconnect, watchdog), {@link PermissionEdge} (pending table and
 * decisions) and {@link SessionCommands} (messages, interrupts, status). All of them live on this
 * verticle's event loop, and every bus consumer is registered before the verticle says it is ready.
 */
public final class SessionRecorderVerticle extends VerticleBase implements SessionConnection.Listener {

    private static final Logger log = LoggerFactory.getLogger(SessionRecorderVerticle.class);
    public static final String VERSION = "0.2.0";

    private final SessionSettings settings;
    private final String host;
    private final Promise<RecordingOutcome> ended = Promise.promise();
    private final FrameSniffer sniffer = new FrameSniffer();
    private SessionTransport transport;
    private JournalFirstWriter journal;
    private SessionConnection connection;
    private PermissionEdge permissions;
    private SessionCommands commands;
    private SessionMeters meters = SessionMeters.disabled();
    private Backfill backfill;
    private long checkpointTimer = -1;
    private volatile String endReason;
    private boolean initialPromptSent;
    private long malformed;
    private long echoes;

    public SessionRecorderVerticle(SessionSettings settings) {
        this.settings = settings;
        this.host = hostName(); // here, not in start(): a name lookup may block, and start() runs on the event loop
    }

    @Override
    public Future<?> start() {
        // opening creates directories and files and maps them, and may take a second the first time in a
        // JVM: not on the event loop, which other sessions share (JournalOpening); RECORDING_STARTED, the
        // append that creates the first cycle file, goes with it; the journal then lives on this event loop.
        // Each checkpoint is also published, so a witness on another host can keep it (JOURNAL.md)
        JournalOptions options = settings.journalOptions().withCheckpointListener(cp -> vertx.eventBus().publish(
                Addresses.JOURNAL_CHECKPOINTS, new JsonObject(Buffer.buffer(JournalRecord.Codec.encode(cp)))));
        transport = settings.transport().create(vertx, settings.sessionId());
        JournalRecord.RecordingStarted started = JournalRecord.RecordingStarted.of(JournalRecord.FORMAT_VERSION,
                settings.sessionId(), transport.kind(), transport.describe(), settings.viewerOnly(), VERSION, host);
        return JournalOpening.open(context, settings.journalRoot(), settings.sessionId(), options, started)
                .compose(this::assemble)
                .compose(v -> vertx.executeBlocking(() -> EarlierRules.read(settings.journalRoot(), settings.sessionId())))
                .compose(rules -> {
                    permissions.restore(rules);
                    return Future.all(permissions.start(), commands.start());
                })
                .onSuccess(v -> {
                    RecordedSessions.add(vertx, settings.sessionId());
                    // time-based checkpoints for a quiet session (count-based ones come with the appends)
                    checkpointTimer = vertx.setPeriodic(Math.max(100, options.checkpointInterval().toMillis() / 2),
                            id -> journal.checkpointIfDue());
                    connection.connect();
                });
    }

    private Future<Void> assemble(SessionJournal opened) {
        meters = SessionMeters.of(BlackboxMeters.registry(vertx), settings.sessionId());
        journal = new JournalFirstWriter(settings.sessionId(), opened, transport, settings.viewerOnly(), this::journalFailed, meters);
        connection = new SessionConnection(vertx, transport, journal, this, new ConnectionEvents(vertx, settings.sessionId(), meters));
        permissions = new PermissionEdge(vertx, settings.sessionId(), settings.viewerOnly(), transport.anotherHostAnswers(), journal, meters);
        commands = new SessionCommands(vertx, settings.sessionId(), transport, journal, connection, this::status);
        HistorySource history = transport.history();
        if (history != null) {
            backfill = new Backfill(vertx, settings.sessionId(), settings.journalRoot(), history, journal, settings.backfillSettleMs(),
                    this::backfilledFrame);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        end(RecordingOutcome.STOPPED, "recorder stopped");
        RecordedSessions.remove(vertx, settings.sessionId());
        meters.close();
        return permissions == null ? Future.succeededFuture() : Future.join(permissions.stop(), commands.stop(),
                backfill == null ? Future.succeededFuture() : backfill.stop());
    }

    public String sessionId() {
        return settings.sessionId();
    }

    /** Completes when the recording has ended, with how it ended. */
    public Future<RecordingOutcome> ended() {
        return ended.future();
    }

    /** Why the recording ended, in one line (the journal failure, the close reason...); null while recording. */
    public String endReason() {
        return endReason;
    }

    // ---- frames in: journal first, then route ----

    /**
     * Journals the frame, then reads only as much of it as acting on it needs: its top-level type from
     * the first bytes, and the whole frame only for the types the recorder acts on (control requests and
     * cancels, system frames, and user frames while one of our own messages may still echo). The bulk of a
     * session (stream deltas, assistant turns, tool results, results) is journaled and never read further.
     */
    @Override
    public void onFrame(Buffer data, boolean binary) {
        byte[] bytes = bytesOf(data);
        long seq = journal.received(bytes, binary);
        if (seq < 0) {
            return;
        }
        if (binary || !sniffer.sniffType(bytes, 0, bytes.length)) {
            malformed++; // journaled verbatim, counted, never routed
            meters.malformed(bytes.length);
            return;
        }
        String type = sniffer.type();
        meters.received(type, bytes.length);
        boolean acted = switch (type) {
            case "control_request", "control_cancel_request", "system" -> true;
            case "user" -> commands.mayEcho();
            default -> false; // assistant, stream_event, result...: only recorded
        };
        if (!acted) {
            return;
        }
        if (!sniffer.sniff(bytes)) {
            malformed++; // the whole frame is checked before anything acts on it
            meters.malformed(bytes.length);
            return;
        }
        try {
            route(type, bytes, seq);
        } catch (ClassCastException | DecodeException e) {
            malformed++; // a field of the wrong JSON type: recorded, not routed
        }
    }

    /**
     * A frame the connection never delivered, journaled from the history: permission requests and their
     * withdrawals go to the edge like received ones (a request still pending becomes answerable); the rest
     * is past, only recorded.
     */
    private void backfilledFrame(byte[] bytes, long seq) {
        if (!sniffer.sniff(bytes)) {
            return;
        }
        String type = sniffer.type();
        boolean permission = type.equals("control_request") && "can_use_tool".equals(sniffer.subtype());
        if (permission || type.equals("control_cancel_request")) {
            try {
                route(type, bytes, seq);
            } catch (ClassCastException | DecodeException e) {
                malformed++;
            }
        }
    }

    private void route(String type, byte[] bytes, long seq) {
        if (type.equals("user")) {
            if (commands.isEcho(sniffer.top().string("uuid"))) {
                echoes++;
            }
            return;
        }
        switch (type) {
            case "control_request" -> permissions.controlRequest(new JsonObject(Buffer.buffer(bytes)), seq);
            case "control_cancel_request" -> permissions.cancelled(topString("request_id"));
            case "system" -> {
                // the sniffer has read the top level already: no second parse for the one field wanted
                if ("status".equals(sniffer.subtype())) {
                    connection.compacting("compacting".equals(topString("status")));
                } else if ("compact_boundary".equals(sniffer.subtype())) {
                    connection.compacting(false);
                }
            }
            default -> {
            }
        }
    }

    /** A top-level member of the sniffed frame as {@code JsonObject.getString} reads it: null when absent or null. */
    private String topString(String key) {
        JsonScan top = sniffer.top();
        int i = top.find(key);
        if (i < 0 || top.type(i) == JsonScan.NULL) {
            return null;
        }
        if (top.type(i) != JsonScan.STRING) {
            throw new ClassCastException("'" + key + "' is not a string"); // counted as malformed, as before
        }
        return top.string(i);
    }

    // ---- frames out from the session's host side: journal first (with the decision they carry), then send ----

    @Override
    public void onOutbound(Buffer data) {
        String frame = data.toString(StandardCharsets.UTF_8);
        if (sniffer.sniff(data.getBytes())) {
            try {
                JsonObject json = new JsonObject(frame);
                if ("control_response".equals(sniffer.type()) && json.getValue("response") instanceof JsonObject response
                        && permissions.knows(response.getValue("request_id") instanceof String id ? id : null)) {
                    permissions.hostAnswered((String) response.getValue("request_id"), response, frame);
                    return;
                }
                if ("control_request".equals(sniffer.type()) && "interrupt".equals(sniffer.subtype())
                        && journal.refusalToSend("interrupts") == null) {
                    journal.record(new JournalRecord.InterruptRequested(json.getString("request_id"), PermissionEdge.HOST));
                }
            } catch (ClassCastException | DecodeException e) {
                // not a frame we can read: sent as it is, like any other
            }
        }
        journal.send(frame);
    }

    /** The frame's bytes: the array of the heap buffer Vert.x decoded it into when it is exactly the frame, a copy otherwise. */
    private static byte[] bytesOf(Buffer data) {
        ByteBuf buf = data instanceof BufferInternal b ? b.getByteBuf() : null;
        if (buf != null && buf.hasArray() && buf.arrayOffset() == 0 && buf.readerIndex() == 0
                && buf.readableBytes() == buf.array().length) {
            return buf.array();
        }
        return data.getBytes();
    }

    @Override
    public void onConnected() {
        if (backfill != null) {
            backfill.connected(); // what the connection never delivered, from the session's history
        }
        journal.connected();
        if (settings.initialPrompt() != null && !initialPromptSent) {
            initialPromptSent = true;
            commands.sendMessage(settings.initialPrompt(), "record --prompt")
                    .onFailure(e -> log.warn("session {}: initial prompt not sent: {}", settings.sessionId(), e.getMessage()));
        }
    }

    // ---- the end ----

    @Override
    public void onGaveUp(RecordingOutcome outcome, String reason) {
        end(outcome, reason);
    }

    private void journalFailed(JournalException e) {
        // the cause is told once, by whoever awaits ended() (the command's last line); the trace is in the debug log
        log.debug("session {}: {}; recording stops, nothing more is sent", settings.sessionId(), e.getMessage());
        end(RecordingOutcome.JOURNAL_FAILURE, e.getMessage());
    }

    /** The one way a recording ends, whatever the cause: connection closed, held frames failed, journal sealed. */
    private void end(RecordingOutcome outcome, String reason) {
        if (ended.future().isComplete() || journal == null) {
            return;
        }
        connection.stop();
        vertx.cancelTimer(checkpointTimer);
        endReason = reason;
        journal.end(outcome == RecordingOutcome.STOPPED ? reason
                : outcome.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + reason);
        ended.complete(outcome);
    }

    private JsonObject status() {
        return new JsonObject()
                .put("sessionId", settings.sessionId())
                .put("status", connection.status())
                .put("framesReceived", journal.framesReceived())
                .put("framesSent", journal.framesSent())
                .put("malformed", malformed)
                .put("echoes", echoes)
                .put("pending", permissions.pendingCount())
                .put("held", journal.heldCount())
                .put("backfilled", backfill == null ? 0 : backfill.backfilled())
                .put("journalSeq", journal.lastSeq())
                .put("journalFailed", journal.failed())
                .put("ended", ended.future().isComplete());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
