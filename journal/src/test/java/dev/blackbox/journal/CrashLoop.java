package dev.blackbox.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A loop harness (not a test): starts {@link AppendForever} in a child JVM again and again, verifies while it
 * appends, kills it with kill -9 at a chosen moment and verifies what it left. Every verdict that is not what a
 * crash may leave (and every concurrent verify that is not LIVE) is printed with its description, the files and
 * a hexdump of the bytes around the end of the data, and the directory is kept for a closer look.
 *
 * <pre>
 * java -cp ... dev.blackbox.journal.CrashLoop TRIALS MODE [SEED] [KEEP_DIR]
 *   MODE verifies: as JournalIntegrityTest.verifyWhileAppending (six verifies, then the kill)
 *        early:    kill 0-400 ms after the child opened the journal (its first appends, its cycle file's creation)
 *        acks:     kill after 1-50,000 acknowledged entries, with verifies running meanwhile
 *        startup:  kill 0-1,500 ms after the child JVM started (while it opens the journal, or soon after)
 *        roll:     the child's clock runs a day every 2,000 readings (a new cycle file every thousand entries
 *                  or so); kill after 1-20,000 acknowledged entries
 *        mixed:    one of the five at random per trial
 * </pre>
 */
public final class CrashLoop {

    public static void main(String[] args) throws Exception {
        int trials = Integer.parseInt(args[0]);
        String mode = args.length > 1 ? args[1] : "mixed";
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Path keep = Path.of(args.length > 3 ? args[3] : "/tmp/crashloop-keep");
        Random random = new Random(seed);
        Map<String, Integer> counts = new TreeMap<>();
        System.out.println("seed " + seed + ", " + trials + " trials, mode " + mode);
        for (int t = 1; t <= trials; t++) {
            String m = mode.equals("mixed") ? new String[]{"verifies", "early", "acks", "startup", "roll"}[random.nextInt(5)] : mode;
            Path root = Files.createTempDirectory("crashloop");
            try {
                String outcome = trial(root, m, random);
                counts.merge(outcome, 1, Integer::sum);
                if (!outcome.startsWith("ok")) {
                    Path kept = keep.resolve("trial-" + t + "-" + seed);
                    copy(root, kept);
                    System.out.println("  kept " + kept);
                }
            } finally {
                delete(root);
            }
            if (t % 20 == 0) {
                System.out.println(t + " trials: " + counts);
            }
        }
        System.out.println("done: " + counts);
    }

    private static volatile Process current;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = current;
            if (p != null) {
                p.destroyForcibly();
            }
        }));
    }

    private static String trial(Path root, String mode, Random random) throws Exception {
        Process child = mode.equals("roll")
                ? ChildJvm.start(AppendForever.class, root.toString(), "busy", "rolling")
                : ChildJvm.start(AppendForever.class, root.toString(), "busy");
        current = child;
        AtomicLong acked = new AtomicLong();
        String outcome = "ok";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            if (mode.equals("startup")) {
                Thread.sleep(random.nextInt(1500));
                new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
                child.waitFor(30, TimeUnit.SECONDS);
                return afterKill(root, mode, "startup", acked, outcome);
            }
            String first = out.readLine();
            if (!"OPEN 0".equals(first)) {
                return "child did not open: " + first;
            }
            Thread drain = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        acked.set(Long.parseLong(line));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // killed
                }
            });
            drain.start();
            switch (mode) {
                case "verifies" -> {
                    for (int i = 0; i < 6; i++) {
                        outcome = live(root, child, outcome);
                    }
                }
                case "early" -> Thread.sleep(random.nextInt(400));
                case "acks", "roll" -> {
                    long target = 1 + random.nextInt(mode.equals("roll") ? 20_000 : 50_000);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (acked.get() < target && System.nanoTime() < deadline) {
                        if (random.nextInt(4) == 0) {
                            outcome = live(root, child, outcome);
                        } else {
                            Thread.sleep(1);
                        }
                    }
                }
                default -> throw new IllegalArgumentException(mode);
            }
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            child.waitFor(30, TimeUnit.SECONDS);
            drain.join();
        } finally {
            child.destroyForcibly();
        }
        return afterKill(root, mode, acked.get() + " acked", acked, outcome);
    }

    private static String afterKill(Path root, String mode, String when, AtomicLong acked, String outcome) throws Exception {
        if (!Files.isDirectory(root.resolve("busy"))) {
            return "ok never created";
        }
        JournalVerifier.Result after = JournalVerifier.verify(root, "busy");
        if (after.status() != JournalVerifier.Status.UNSEALED && after.status() != JournalVerifier.Status.TORN_TAIL) {
            System.out.println("AFTER KILL (" + mode + ", " + when + "): " + after.describe());
            dump(root.resolve("busy"));
            return "after kill: " + after.status();
        }
        // after a rolling child, restart later than its fast clock got: as a recorder restarted after the crash
        JournalOptions options = mode.equals("roll")
                ? JournalOptions.defaults().withClock(() -> System.currentTimeMillis() * 1000 + 3650 * CycleFiles.DAY_MICROS)
                : JournalOptions.defaults();
        try (SessionJournal j = SessionJournal.open(root, "busy", options)) {
            if (j.lastSeq() != (after.entries() == 0 ? 0 : after.entries() + 1)) {
                System.out.println("RESUMED at " + j.lastSeq() + " but verify said " + after.describe());
                return "resume mismatch";
            }
            j.append(new JournalRecord.RecordingStopped("crash loop"));
        } catch (RuntimeException e) {
            System.out.println("RESUME REFUSED (" + mode + "): " + e + " / verify: " + after.describe());
            dump(root.resolve("busy"));
            return "resume refused";
        }
        JournalVerifier.Result sealed = JournalVerifier.verify(root, "busy");
        if (sealed.status() != JournalVerifier.Status.SEALED) {
            System.out.println("AFTER RESUME: " + sealed.describe());
            return "after resume: " + sealed.status();
        }
        return outcome.equals("ok") ? "ok " + after.status() + tag(after) : outcome;
    }

    /** Which kind of crash state the verdict names, for the counts. */
    private static String tag(JournalVerifier.Result r) {
        String d = r.describe();
        String what = d.contains("still creating") ? " cycle file being created"
                : d.contains("for the day") ? " stopped at a roll"
                : d.contains("only writer.lock") ? " only writer.lock"
                : d.contains("pages never reached") ? " lost pages"
                : "";
        return (r.entries() == 0 ? " (empty)" : "") + what;
    }

    private static String live(Path root, Process child, String outcome) {
        JournalVerifier.Result r = JournalVerifier.verify(root, "busy");
        if (r.status() != JournalVerifier.Status.LIVE && child.isAlive()) {
            System.out.println("WHILE APPENDING: " + r.describe());
            return "while appending: " + r.status();
        }
        return outcome;
    }

    /** The files of a journal directory, and the bytes around the end of each cycle file's data. */
    static void dump(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                System.out.println("  " + p.getFileName() + " " + Files.size(p) + " bytes");
                if (!p.getFileName().toString().endsWith(".cq4")) {
                    continue;
                }
                try (QueueFile f = QueueFile.open(p)) {
                    long last = f.lastNonZero(0, f.size);
                    System.out.println("    last non-zero byte at " + last);
                    long pos = 0;
                    long prev = -1;
                    long prev2 = -1;
                    while (true) {
                        QueueFile.Excerpt x = f.at(pos);
                        if (x.type() != QueueFile.Type.DATA && x.type() != QueueFile.Type.META) {
                            System.out.printf("    stops at %d: word 0x%08x %s%n", pos, x.word(), x.type());
                            break;
                        }
                        prev2 = prev;
                        prev = pos;
                        pos = x.next();
                    }
                    long from = Math.max(0, (prev2 >= 0 ? prev2 : pos) & ~15L);
                    long to = Math.min(f.size, Math.max(pos + 256, last + 64));
                    if (to - from > 4096) {
                        hex(f, from, pos + 128);
                        System.out.println("    ...");
                        hex(f, Math.max(pos + 128, last - 256) & ~15L, Math.min(f.size, last + 64));
                    } else {
                        hex(f, from, to);
                    }
                }
            }
        }
    }

    private static void hex(QueueFile f, long from, long to) throws IOException {
        HexFormat h = HexFormat.ofDelimiter(" ");
        for (long at = from & ~15L; at < to; at += 16) {
            int n = (int) Math.min(16, f.size - at);
            if (n <= 0) {
                break;
            }
            byte[] b = f.bytes(at, n);
            StringBuilder ascii = new StringBuilder();
            for (byte c : b) {
                ascii.append(c >= 32 && c < 127 ? (char) c : '.');
            }
            System.out.printf("    %08x  %-47s  %s%n", at, h.formatHex(b), ascii);
        }
    }

    private static void copy(Path from, Path to) throws IOException, InterruptedException {
        Files.createDirectories(to.getParent());
        new ProcessBuilder("cp", "-a", "--sparse=always", from.toString(), to.toString()).inheritIO().start().waitFor();
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
