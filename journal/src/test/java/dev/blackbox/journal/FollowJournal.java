package dev.blackbox.journal;

import java.nio.file.Path;

/** Child JVM for the follow test: follows a journal live and prints every seq until RECORDING_STOPPED. */
public final class FollowJournal {
    public static void main(String[] args) throws InterruptedException {
        try (JournalReader reader = JournalReader.openOrWait(Path.of(args[0]), args[1])) {
            System.out.println("READY");
            System.out.flush();
            while (true) {
                JournalEntry e = reader.next();
                if (e == null) {
                    Thread.sleep(1); // a follower polls; this is the child's loop, not a test wait
                    continue;
                }
                System.out.println(e.seq() + " " + e.kind());
                System.out.flush();
                if (e.kind() == EntryKind.RECORDING_STOPPED) {
                    return;
                }
            }
        }
    }
}
