package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.SessionJournal;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The child of the chaos trials: appends to one session's journal as fast as it can until it is killed,
 * printing {@code START} as it starts, {@code OPEN <lastSeq>} once the journal is open, and then every seq
 * whose append returned (acknowledged). Entry
 * sizes vary from 60 bytes to 1 MiB so that a kill often lands in the middle of an entry's bytes. With two more
 * arguments, {@code ORIGIN_MICROS DAY_MS}, its clock runs a day every DAY_MS ms from ORIGIN_MICROS on (one origin
 * for every child of a run, so a restart goes on from where the last one was): it rolls to a new cycle file
 * that often.
 */
public final class ChaosAppender {

    private ChaosAppender() {
    }

    /** The payload the child writes for {@code seq}: its size and bytes follow from the seq alone, so the parent can check it. */
    static byte[] payload(long seq) {
        SplittableRandom r = new SplittableRandom(seq * 0x9E3779B97F4A7C15L);
        int roll = r.nextInt(100);
        int size = roll < 80 ? 60 + r.nextInt(2_000) : roll < 97 ? 2_000 + r.nextInt(60_000) : 60_000 + r.nextInt(1 << 20);
        byte[] b = new byte[size];
        byte[] head = ("{\"type\":\"assistant\",\"seq\":" + seq + ",\"text\":\"").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(b, (byte) ('a' + (int) (seq % 26)));
        System.arraycopy(head, 0, b, 0, Math.min(head.length, b.length));
        b[b.length - 2] = '"';
        b[b.length - 1] = '}';
        return b;
    }

    public static void main(String[] args) {
        System.out.println("START"); // the parent may time a kill from here: opening the journal is part of the run
        System.out.flush();
        JournalOptions options = JournalOptions.defaults();
        if (args.length > 3) {
            long origin = Long.parseLong(args[2]);
            double speed = (double) TimeUnit.DAYS.toMillis(1) / Long.parseLong(args[3]);
            options = options.withClock(() -> origin + (long) ((System.currentTimeMillis() * 1000 - origin) * speed));
        }
        SessionJournal journal = SessionJournal.open(Path.of(args[0]), args[1], options);
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.US_ASCII);
        out.println("OPEN " + journal.lastSeq());
        out.flush();
        while (true) {
            long seq = journal.append(EntryKind.FRAME_RECEIVED, payload(journal.lastSeq() + 1));
            out.println(seq);
            out.flush(); // acknowledged: the parent may count on it from now on
        }
    }
}
