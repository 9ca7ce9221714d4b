package dev.blackbox.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM for the crash tests: appends until killed, printing each seq after append returned. With a third
 * argument {@code rolling}, its clock runs fast (a day every 2,000 readings), so it rolls to a new cycle file
 * every thousand entries or so.
 */
public final class AppendForever {
    public static void main(String[] args) {
        JournalOptions options = JournalOptions.defaults();
        if (args.length > 2 && args[2].equals("rolling")) {
            AtomicLong readings = new AtomicLong();
            long start = System.currentTimeMillis() * 1000;
            options = options.withClock(() -> start + readings.getAndIncrement() * (CycleFiles.DAY_MICROS / 2000));
        }
        SessionJournal journal = SessionJournal.open(Path.of(args[0]), args[1], options);
        System.out.println("OPEN " + journal.lastSeq());
        System.out.flush();
        for (long i = 0; ; i++) {
            byte[] frame = ("{\"type\":\"keep_alive\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            long seq = journal.append(EntryKind.FRAME_RECEIVED, frame);
            System.out.println(seq);
            System.out.flush();
        }
    }
}
