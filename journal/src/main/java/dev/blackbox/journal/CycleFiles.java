package dev.blackbox.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cycle files of a journal directory: one per UTC day ({@code yyyyMMddF.cq4}, Chronicle's FAST_DAILY
 * roll cycle), numbered by days since the Unix epoch; and any other {@code .cq4} file, which does not belong.
 */
final class CycleFiles {

    static final long DAY_MICROS = 86_400_000_000L;
    private static final Pattern NAME = Pattern.compile("(\\d{8})F\\.cq4");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** Cycle files by cycle, and the {@code .cq4} files that are not cycle files. */
    record Listing(TreeMap<Integer, Path> cycles, List<Path> foreign) {
        boolean isEmpty() {
            return cycles.isEmpty();
        }
    }

    private CycleFiles() {
    }

    static Listing list(Path dir) {
        TreeMap<Integer, Path> cycles = new TreeMap<>();
        List<Path> foreign = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".cq4")) {
                    continue;
                }
                int cycle = cycleOf(name);
                if (cycle >= 0 && Files.isRegularFile(p)) {
                    cycles.put(cycle, p);
                } else {
                    foreign.add(p);
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return new Listing(cycles, foreign);
    }

    /** The cycle a file name stands for, or -1 when it is not a cycle file's name. */
    static int cycleOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return -1;
        }
        try {
            long day = LocalDate.parse(m.group(1), DAY).toEpochDay();
            return day >= 0 && day <= Integer.MAX_VALUE ? (int) day : -1;
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    static String fileName(int cycle) {
        return LocalDate.ofEpochDay(cycle).format(DAY) + "F.cq4";
    }

    /** The UTC day of a cycle, ISO (2026-12-01). */
    static String day(long cycle) {
        return LocalDate.ofEpochDay(cycle).toString();
    }

    /** The cycle (UTC day) an entry written at {@code tsMicros} belongs in. */
    static long cycleOfMicros(long tsMicros) {
        return Math.floorDiv(tsMicros, DAY_MICROS);
    }
}
