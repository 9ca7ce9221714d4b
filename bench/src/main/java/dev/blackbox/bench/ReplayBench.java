package dev.blackbox.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.replay.export.ExportFormat;
import dev.blackbox.replay.export.ExportJob;
import dev.blackbox.replay.export.ExportOptions;
import dev.blackbox.replay.play.EntrySource;
import dev.blackbox.replay.play.Player;
import dev.blackbox.replay.play.Progress;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.state.SessionState;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.TranscriptOptions;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Read-side throughput: folds, renders and exports a journal of realistic sessions (the real worker frames, new
 * uuids and message ids every turn, streaming events, permission prompts and decisions) and compares
 * with reading the same frames from a JSON-lines file with Jackson.
 *
 * <pre>
 * java -Xmx128m CHRONICLE_FLAGS -cp bench/target/blackbox-bench.jar dev.blackbox.bench.ReplayBench [ENTRIES] [--keep DIR [--write-only]]
 *      [--only NAME,...]
 * </pre>
 * ENTRIES defaults to 1,000,000. With {@code --keep DIR} the journal (session {@code session_bench}) and
 * the JSON-lines file are written under DIR and left there, e.g. to try {@code blackbox replay} on them;
 * {@code --write-only} stops after writing them. {@code --only html,text} measures only the rows whose name starts
 * with one of the names (and the Jackson baseline the ratios are taken against).
 * Figures are the best of two runs per row; peak heap is the JVM's peak heap use during the better run.
 */
public final class ReplayBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "session_bench";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** {@code --only}: the row name prefixes to measure (empty: all). */
    private static List<String> selected = List.of();

    /** One measured row: wall time, and the CPU time of the thread doing the work (steadier on a shared machine). */
    private record Row(String name, long entries, long bytes, double seconds, double cpuSeconds, long peakHeapBytes) {
        double perSecond() {
            return entries / seconds;
        }

        double perCpuSecond() {
            return entries / cpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        long entries = 1_000_000;
        Path keep = null;
        boolean writeOnly = false;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            if ("--only".equals(args[i])) {
                only = List.of(args[++i].split(","));
            } else if ("--keep".equals(args[i])) {
                keep = Path.of(args[++i]);
            } else if ("--write-only".equals(args[i])) {
                writeOnly = true;
            } else {
                entries = Long.parseLong(args[i].replace("_", ""));
            }
        }
        Path dir = keep != null ? keep : Files.createTempDirectory("blackbox-replay-bench-");
        Files.createDirectories(dir);
        Path root = dir.resolve("journal");
        Path jsonl = dir.resolve("frames.jsonl");
        try {
            long t0 = System.nanoTime();
            long[] written = write(root, jsonl, entries);
            System.out.printf(Locale.ROOT, "journal: %,d entries (%,d frames received, %.0f MB of frames) written in %.1f s%n",
                    entries, written[0], written[1] / 1e6, (System.nanoTime() - t0) / 1e9);
            if (writeOnly) {
                return;
            }
            System.out.printf(Locale.ROOT, "JVM: Java %s, max heap %d MiB, %d cpus%n%n", System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

            selected = only;
            List<Row> rows = new ArrayList<>();
            rows.add(best("journal read (floor)", entries, written[1], () -> readJournal(root)));
            rows.add(best("state fold", entries, written[1], () -> fold(root)));
            for (Format f : List.of(Format.JSONL, Format.TEXT, Format.MARKDOWN, Format.HTML, Format.JSON)) {
                rows.add(best(f.name().toLowerCase(Locale.ROOT) + " render", entries, written[1], () -> render(root, f)));
            }
            for (ExportFormat f : ExportFormat.values()) {
                rows.add(best(f.label() + " export", entries, written[1], () -> export(root, f, ExportOptions.defaults())));
            }
            rows.add(best("otlp-json export, content", entries, written[1],
                    () -> export(root, ExportFormat.OTLP_JSON, ExportOptions.defaults().withContent(true))));
            rows.add(best("jackson tree, jsonl file", written[0], written[1], () -> jacksonTree(jsonl)));
            rows.add(best("jackson tokens, jsonl file", written[0], written[1], () -> jacksonTokens(jsonl)));
            rows.removeIf(Objects::isNull);
            print(rows);
        } finally {
            if (keep == null) {
                Trees.delete(dir);
            }
        }
    }

    // ---------------------------------------------------------------- the workload

    /**
     * Writes turns until {@code entries} entries: a prompt, system/init, a text block, a few stream
     * events, a tool_use, its permission prompt and decision, the control_response, the tool result, the
     * final text and the result; the same frames go to a JSON-lines file. Returns {frames, frame bytes}.
     */
    private static long[] write(Path root, Path jsonl, long entries) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode line : sample()) {
            if ("out".equals(line.get("dir").asText()) && !"control_response".equals(line.at("/frame/type").asText())) {
                out.add((ObjectNode) line.get("frame"));
            }
        }
        // out: 0 system/init, 1 assistant text, 2 assistant tool_use, 3 can_use_tool, 4 user tool_result, 5 assistant, 6 result
        String streamEvent = "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"Running the command now, then I will report what it printed.\"}},"
                + "\"parent_tool_use_id\":null,\"session_id\":\"1fc42fd7-8d3b-4300-8814-2b7a18c263fc\",\"uuid\":\"%s\"}";
        long frames = 0, bytes = 0, n = 0;
        try (SessionJournal journal = SessionJournal.open(root, SESSION);
             OutputStream lines = new BufferedOutputStream(Files.newOutputStream(jsonl), 1 << 16)) {
            journal.append(new JournalRecord.RecordingStarted(1, SESSION, "org", "http://127.0.0.1:8443", false, "bench",
                    "localhost", "persistent"));
            journal.append(new JournalRecord.Connecting(1));
            journal.append(new JournalRecord.Connected(1));
            n = 3;
            for (long turn = 0; n < entries - 1; turn++) {
                String t = Long.toString(turn);
                List<byte[]> turnFrames = new ArrayList<>();
                turnFrames.add(frame(out.get(0), "uuid", "init-" + t));
                turnFrames.add(withMessage(out.get(1), "a1-" + t, "msg-a-" + t));
                for (int s = 0; s < 6; s++) {
                    turnFrames.add(String.format(streamEvent, "se-" + t + "-" + s).getBytes(StandardCharsets.UTF_8));
                }
                turnFrames.add(withMessage(out.get(2), "a2-" + t, "msg-a-" + t));
                ObjectNode ask = out.get(3).deepCopy();
                ask.put("request_id", "req-" + t);
                turnFrames.add(bytes(ask));
                int askIndex = turnFrames.size() - 1;
                turnFrames.add(frame(out.get(4), "uuid", "tr-" + t));
                turnFrames.add(withMessage(out.get(5), "a3-" + t, "msg-b-" + t));
                turnFrames.add(frame(out.get(6), "uuid", "res-" + t));

                if (n < entries - 1) {
                    journal.append(new JournalRecord.MessagePosted("prompt-" + t, JSON.createArrayNode()
                            .add(JSON.createObjectNode().put("type", "text").put("text", "Please say hello using the shell.")),
                            200, true, "bench", null));
                    n++;
                }
                for (int i = 0; i < turnFrames.size() && n < entries - 1; i++) {
                    byte[] f = turnFrames.get(i);
                    journal.append(EntryKind.FRAME_RECEIVED, f);
                    lines.write(f);
                    lines.write('\n');
                    frames++;
                    bytes += f.length;
                    n++;
                    if (i == askIndex && n < entries - 2) {
                        journal.append(new JournalRecord.PermissionDecided("req-" + t, "toolu", "Bash", "allow", null, null,
                                null, "bench", "policy:bench", 1200));
                        journal.append(EntryKind.FRAME_SENT, ("{\"type\":\"control_response\",\"response\":{\"subtype\":"
                                + "\"success\",\"request_id\":\"req-" + t + "\",\"response\":{\"behavior\":\"allow\"}}}")
                                .getBytes(StandardCharsets.UTF_8));
                        n += 2;
                    }
                }
            }
            journal.append(new JournalRecord.RecordingStopped("bench done"));
        }
        return new long[]{frames, bytes};
    }

    private static byte[] frame(ObjectNode template, String field, String value) {
        ObjectNode f = template.deepCopy();
        f.put(field, value);
        return bytes(f);
    }

    private static byte[] withMessage(ObjectNode template, String uuid, String messageId) {
        ObjectNode f = template.deepCopy();
        f.put("uuid", uuid);
        ((ObjectNode) f.get("message")).put("id", messageId);
        return bytes(f);
    }

    private static byte[] bytes(JsonNode n) {
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> sample() throws IOException {
        String sample = "/samples/real-worker-allow.jsonl"; // shared/samples, shipped in the simulator jar
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = ReplayBench.class.getResourceAsStream(sample)) {
            if (in == null) {
                throw new IllegalStateException("sample frames not found in the jar: " + sample);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    // ---------------------------------------------------------------- what is measured

    private static long readJournal(Path root) {
        long n = 0;
        try (JournalReader reader = JournalReader.open(root, SESSION)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                n += e.payload().length > 0 ? 1 : 1;
            }
        }
        return n;
    }

    private static long fold(Path root) {
        try (JournalReader reader = JournalReader.open(root, SESSION)) {
            SessionState s = SessionState.rebuild(reader);
            if (s.turns() == 0) {
                throw new IllegalStateException("the fold saw no turn");
            }
            return s.entries();
        }
    }

    private static long render(Path root, Format format) throws Exception {
        try (EntrySource source = EntrySource.open(root, SESSION, null, null, false, EntrySource.Waiter.BACKOFF)) {
            return new Player(source, format.open(OutputStream.nullOutputStream(), TranscriptOptions.defaults()), null, false,
                    Progress.NONE, Player.Clock.SYSTEM).play();
        }
    }

    private static long export(Path root, ExportFormat format, ExportOptions options) throws Exception {
        return new ExportJob(root, SESSION, format, options).run(OutputStream.nullOutputStream(), ReplayJob.ProgressFactory.NONE);
    }

    private static long jacksonTree(Path jsonl) throws IOException {
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode f = JSON.readTree(line);
                n += f.path("type").isTextual() ? 1 : 0;
            }
        }
        return n;
    }

    private static long jacksonTokens(Path jsonl) throws IOException {
        long n = 0;
        JsonFactory factory = JSON.getFactory();
        try (InputStream in = Files.newInputStream(jsonl); JsonParser p = factory.createParser(in)) {
            while (p.nextToken() != null) {
                p.skipChildren(); // one root value per line, every token read
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- measuring

    /** The better of two runs, or null when {@code --only} leaves the row out (the Jackson baseline always runs). */
    private static Row best(String name, long entries, long bytes, Callable<Long> work) throws Exception {
        if (!selected.isEmpty() && !name.startsWith("jackson tree") && selected.stream().noneMatch(name::startsWith)) {
            return null;
        }
        Row best = null;
        for (int run = 0; run < 2; run++) {
            System.gc();
            for (MemoryPoolMXBean pool : heapPools()) {
                pool.resetPeakUsage();
            }
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long n = work.call();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
            long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            if (n <= 0) {
                throw new IllegalStateException(name + " processed nothing");
            }
            Row row = new Row(name, entries, bytes, seconds, cpuSeconds, peak);
            if (best == null || row.seconds() < best.seconds()) {
                best = row;
            }
        }
        System.out.printf(Locale.ROOT, "  %-28s %8.2f s wall, %8.2f s cpu%n", name, best.seconds(), best.cpuSeconds());
        return best;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static void print(List<Row> rows) {
        Row baseline = rows.stream().filter(r -> r.name().startsWith("jackson tree")).findFirst().orElseThrow();
        System.out.printf(Locale.ROOT, "%n%-28s %11s %12s %8s %14s %10s %12s %9s%n", "what", "items", "items/s", "MB/s",
                "items/cpu-s", "peak heap", "vs jackson", "(cpu)");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-28s %,11d %,12.0f %8.0f %,14.0f %6d MiB %11.2fx %8.2fx%n", r.name(), r.entries(),
                    r.perSecond(), r.bytes() / 1e6 / r.seconds(), r.perCpuSecond(), r.peakHeapBytes() >> 20,
                    r.perSecond() / baseline.perSecond(), r.perCpuSecond() / baseline.perCpuSecond());
        }
        System.out.println("\nitems: journal entries for the journal rows (frames and the journal's own records), frames for"
                + " the jsonl-file rows; MB/s counts frame bytes only; cpu: CPU time of the thread doing the work (GC threads"
                + " not included); 'vs jackson': ratio to the jackson-tree row.");
    }

}
