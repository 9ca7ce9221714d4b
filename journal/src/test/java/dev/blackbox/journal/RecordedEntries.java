package dev.blackbox.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a journal back for assertions. */
final class RecordedEntries {

    private RecordedEntries() {
    }

    /** The i-th of a run of small frames, each different. */
    static byte[] keepAlive(int i) {
        return ("{\"type\":\"keep_alive\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    static List<JournalEntry> all(Path root, String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                out.add(e);
            }
        }
        return out;
    }

    static List<EntryKind> kinds(Path root, String sessionId) {
        return all(root, sessionId).stream().map(JournalEntry::kind).toList();
    }
}
