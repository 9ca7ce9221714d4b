package dev.blackbox.replay.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.frame.Hash64;
import dev.blackbox.frame.RecentIds;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.transcript.IntegrityLine;
import dev.blackbox.replay.transcript.Interpreter;
import dev.blackbox.replay.transcript.Item;
import dev.blackbox.replay.transcript.Transcript;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The session as a Claude Code transcript ({@code ~/.claude/projects/<project>/<session>.jsonl}), so the
 * viewers made for those files (claude-code-log and others) open it: one line per message,
 * {@code type} user / assistant / system, {@code uuid} and a {@code parentUuid} chain (each line's parent
 * is the line before it, the first has none), {@code sessionId}, {@code timestamp}, {@code cwd},
 * {@code version}, {@code isSidechain}, {@code userType: "external"}. User and assistant lines carry the
 * API message exactly as the session sent it, with its own uuid; tool results are user lines with
 * {@code toolUseResult}. The recorder's own story (permission requests and who decided them, reconnects,
 * turn results) becomes system lines worded like the text transcript. Replayed frames and the echo of a
 * prompt appear once. Streams: one line at a time.
 */
final class ClaudeJsonlExport implements Transcript {

    /** What Claude Code writes on every line and a journal tells once, in {@code system/init}. */
    record SessionFacts(String cwd, String version) {
        private static final int SCAN_LIMIT = 10_000;

        /** The first {@code system/init}'s cwd and Claude Code version, among the journal's first entries. */
        static SessionFacts scan(Path root, String sessionId) {
            FrameSniffer sniffer = new FrameSniffer();
            try (JournalReader reader = JournalReader.open(root, sessionId)) {
                int n = 0;
                for (JournalEntry e = reader.next(); e != null && n < SCAN_LIMIT; e = reader.next(), n++) {
                    if (e.kind() == EntryKind.FRAME_RECEIVED && sniffer.sniff(e.payload())
                            && "system".equals(sniffer.type()) && "init".equals(sniffer.subtype())) {
                        return new SessionFacts(nz(sniffer.top().string("cwd")), nz(sniffer.top().string("claude_code_version")));
                    }
                }
            }
            return new SessionFacts("", "");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final JsonGenerator out;
    private final FrameSniffer sniffer = new FrameSniffer();
    private final RecentIds recentUuids = new RecentIds(1 << 16);
    private final Interpreter interpreter = new Interpreter(0);
    private final List<Item> items = new ArrayList<>();
    private String sessionId;
    private String cwd;
    private String version;
    private String parentUuid;

    private final Supplier<IntegrityLine> integrity;
    private boolean integrityTold;

    ClaudeJsonlExport(OutputStream os, SessionFacts facts) throws IOException {
        this(os, facts, () -> null);
    }

    /** @param integrity told in a first system line ({@code subtype: blackbox_integrity}) */
    ClaudeJsonlExport(OutputStream os, SessionFacts facts, Supplier<IntegrityLine> integrity) throws IOException {
        this.out = JSON.getFactory().createGenerator(os);
        out.setRootValueSeparator(null);
        this.cwd = facts.cwd();
        this.version = facts.version();
        this.integrity = integrity;
    }

    @Override
    public void begin(Header header) {
        sessionId = header.sessionId();
    }

    @Override
    public void entry(JournalEntry e) throws IOException {
        if (!integrityTold) {
            integrityTold = true;
            IntegrityLine verdict = integrity.get();
            if (verdict != null) {
                ObjectNode line = line(e, "system", uuidFor(e, -1));
                line.put("subtype", "blackbox_integrity").put("content", verdict.line())
                        .put("level", switch (verdict.level()) {
                            case FAILED -> "error";
                            case WARNING -> "warning";
                            case VERIFIED -> "info";
                        }).put("isMeta", false);
                write(line);
            }
        }
        if (e.kind() == EntryKind.FRAME_RECEIVED && sniffer.sniff(e.payload())) {
            String type = sniffer.type();
            if ("user".equals(type) || "assistant".equals(type)) {
                // the conversation passes through verbatim; the interpreter below only words the recorder's side
                if (!recentUuids.seen(sniffer.uuidHash())) {
                    message(e, type, JSON.readTree(e.payload()));
                }
                return;
            }
            if ("system".equals(type)) {
                system(e);
            }
        } else if (e.kind() == EntryKind.FRAME_SENT && sniffer.sniff(e.payload()) && "user".equals(sniffer.type())) {
            // our own prompt, journaled before it was delivered: its place in the conversation; the echo is a replay
            if (!recentUuids.seen(sniffer.uuidHash())) {
                message(e, "user", JSON.readTree(e.payload()));
            }
        } else if (e.kind() == EntryKind.MESSAGE_POSTED) {
            posted(e);
        }
        items.clear();
        interpreter.interpret(e, items::add);
        int n = 0;
        for (Item item : items) {
            if (isRecorderStory(item)) {
                ObjectNode line = line(e, "system", uuidFor(e, n++));
                line.put("subtype", "blackbox_" + item.who().label()).put("content", item.headline())
                        .put("level", switch (item.tone()) {
                            case ERROR -> "error";
                            case WARN -> "warning";
                            default -> "info";
                        }).put("isMeta", false);
                write(line);
            }
        }
    }

    @Override
    public void end() throws IOException {
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** A user or assistant frame: the API message as sent, under the frame's own uuid. */
    private void message(JournalEntry e, String type, JsonNode f) throws IOException {
        String uuid = f.path("uuid").asText(null);
        ObjectNode line = line(e, type, uuid != null ? uuid : uuidFor(e, 0));
        if (f.hasNonNull("parent_tool_use_id")) {
            line.put("isSidechain", true); // a subagent's message
        }
        line.set("message", f.path("message"));
        if ("assistant".equals(type) && f.hasNonNull("request_id")) {
            line.put("requestId", f.path("request_id").asText());
        }
        if (f.has("tool_use_result")) {
            line.set("toolUseResult", f.path("tool_use_result"));
        }
        write(line);
    }

    /** A prompt posted in a journal older than format 2 (no FRAME_SENT for it), unless its echo (same uuid) came first. */
    private void posted(JournalEntry e) throws IOException {
        JournalRecord.MessagePosted m;
        try {
            m = JournalRecord.Codec.decode(e.payload(), JournalRecord.MessagePosted.class);
        } catch (JournalException unreadable) {
            return;
        }
        if (m.content() == null || !m.ok() || (m.uuid() != null && recentUuids.seen(Hash64.of(m.uuid())))) {
            return;
        }
        ObjectNode line = line(e, "user", m.uuid() != null ? m.uuid() : uuidFor(e, 0));
        ObjectNode message = line.putObject("message").put("role", "user");
        message.set("content", m.content());
        write(line);
    }

    /** {@code system/init} tells cwd and version for the lines after it; a compaction is a line of its own. */
    private void system(JournalEntry e) throws IOException {
        if ("init".equals(sniffer.subtype())) {
            String c = sniffer.top().string("cwd"), v = sniffer.top().string("claude_code_version");
            cwd = c != null ? c : cwd;
            version = v != null ? v : version;
        } else if ("compact_boundary".equals(sniffer.subtype())) {
            JsonNode f = JSON.readTree(e.payload());
            ObjectNode line = line(e, "system", f.path("uuid").asText(uuidFor(e, 0)));
            line.put("subtype", "compact_boundary").put("content", "Conversation compacted").put("level", "info")
                    .put("isMeta", false);
            if (f.has("compact_metadata")) {
                line.set("compactMetadata", f.path("compact_metadata"));
            }
            write(line);
        }
    }

    /** Permission requests and decisions, connection changes, turn results, undelivered prompts; the rest is in the messages. */
    private static boolean isRecorderStory(Item item) {
        return item.headline() != null && (item.who() == Item.Who.PERMISSION || item.who() == Item.Who.RESULT
                || (item.who() == Item.Who.CONNECTION && item.marker() != null)
                || (item.who() == Item.Who.USER && item.tone() == Item.Tone.ERROR)); // a prompt that was not delivered
    }

    /** The fields every Claude Code transcript line has, in the order Claude Code writes them. */
    private ObjectNode line(JournalEntry e, String type, String uuid) {
        ObjectNode line = JSON.createObjectNode();
        if (parentUuid == null) {
            line.putNull("parentUuid");
        } else {
            line.put("parentUuid", parentUuid);
        }
        line.put("isSidechain", false).put("userType", "external").put("cwd", cwd).put("sessionId", sessionId)
                .put("version", version).put("type", type).put("uuid", uuid)
                .put("timestamp", ISO_MILLIS.format(Instant.ofEpochSecond(e.tsMicros() / 1_000_000,
                        (e.tsMicros() % 1_000_000) * 1000)));
        return line;
    }

    private void write(ObjectNode line) throws IOException {
        JSON.writeTree(out, line);
        out.writeRaw('\n');
        parentUuid = line.path("uuid").asText();
    }

    /** A stable uuid for a line the session gave none (same session, seq and position: same uuid on every export). */
    private String uuidFor(JournalEntry e, int n) {
        return UUID.nameUUIDFromBytes(("blackbox:" + sessionId + ":" + e.seq() + ":" + n).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
