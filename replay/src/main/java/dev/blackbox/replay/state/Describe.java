package dev.blackbox.replay.state;

import dev.blackbox.journal.JournalRecord;

/** Human wording of connection records, shared by the state and the transcripts. */
public final class Describe {

    private Describe() {
    }

    public static String reconnecting(JournalRecord.Reconnecting r) {
        return (r.forced() ? "forced, " : "") + "attempt " + r.attempt() + " in " + r.delayMs() + " ms"
                + (r.closeCode() == null ? "" : ", close " + r.closeCode())
                + (r.closeReason() == null || r.closeReason().isEmpty() ? "" : " " + r.closeReason());
    }

    public static String disconnected(JournalRecord.Disconnected d) {
        return (d.permanent() ? "permanent" : "gave up")
                + (d.closeCode() == null ? "" : ", close " + d.closeCode())
                + (d.reason() == null || d.reason().isEmpty() ? "" : " " + d.reason());
    }
}
