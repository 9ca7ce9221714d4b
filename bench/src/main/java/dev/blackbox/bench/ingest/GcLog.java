package dev.blackbox.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap as a child JVM's own GC log shows it ({@code -Xlog:gc:file=F:timemillis}, one line per pause
 * with the heap used before and after it and the committed size): peak used, live heap after full
 * collections, pause count and time. The same flag for every client, and nothing inside them.
 */
final class GcLog {

    static String flag(Path file) {
        return "-Xlog:gc:file=" + file + ":timemillis";
    }

    record Pause(long epochMillis, String kind, double beforeMb, double afterMb, double committedMb, double millis) {
        boolean full() {
            return kind.startsWith("Pause Full");
        }
    }

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+)ms\\].*GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

    private final List<Pause> pauses;

    private GcLog(List<Pause> pauses) {
        this.pauses = pauses;
    }

    static GcLog read(Path file) {
        List<Pause> pauses = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    pauses.add(new Pause(Long.parseLong(m.group(1)), m.group(2).trim(), mb(m.group(3), m.group(4)),
                            mb(m.group(5), m.group(6)), mb(m.group(7), m.group(8)), Double.parseDouble(m.group(9))));
                }
            }
        } catch (IOException e) {
            // no log: no figures
        }
        return new GcLog(pauses);
    }

    private static double mb(String n, String unit) {
        double v = Double.parseDouble(n);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    List<Pause> pauses() {
        return pauses;
    }

    /** Most heap in use at any pause (used before it), MiB. */
    double peakUsedMb() {
        return pauses.stream().mapToDouble(Pause::beforeMb).max().orElse(Double.NaN);
    }

    double peakCommittedMb() {
        return pauses.stream().mapToDouble(Pause::committedMb).max().orElse(Double.NaN);
    }

    /** Pauses between two epoch-µs times: count and total ms. */
    double[] pausesBetween(long fromMicros, long toMicros) {
        int n = 0;
        double ms = 0;
        for (Pause p : pauses) {
            if (p.epochMillis() * 1000 >= fromMicros && p.epochMillis() * 1000 <= toMicros) {
                n++;
                ms += p.millis();
            }
        }
        return new double[]{n, ms};
    }

    /** Heap used after the full collections ({@code System.gc()}, asked for by the heap run), in order. */
    List<Pause> fullCollections() {
        return pauses.stream().filter(Pause::full).toList();
    }
}
