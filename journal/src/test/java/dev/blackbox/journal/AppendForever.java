package dev.blackbox.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Child JVM for the crash test: appends until killed, printing each seq after append returned. */
public final class AppendForever {
    public static void main(String[] args) {
        SessionJournal journal = SessionJournal.open(Path.of(args[0]), args[1]);
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
