package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.SessionJournal;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The child of the chaos trials: appends to one session's journal as fast as it can until it is killed,
 * printing {@code OPEN <lastSeq>} once and then every seq whose append returned (acknowledged). Entry
 * sizes vary from 60 bytes to 1 MiB so that a kill often lands in the middle of an entry's bytes.
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
        SessionJournal journal = SessionJournal.open(Path.of(args[0]), args[1]);
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
