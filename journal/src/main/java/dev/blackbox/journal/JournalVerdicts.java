package dev.blackbox.journal;

import dev.blackbox.journal.JournalVerifier.Status;

/** A verifier's verdict as lists and banners show it. */
public final class JournalVerdicts {

    private JournalVerdicts() {
    }

    /** One word or two: sealed, live, unsealed, torn tail, tampered (the INTEGRITY column, {@code "integrity"} in JSON). */
    public static String word(Status status) {
        return status == Status.SEALED ? "sealed" : status.word();
    }

    /** The verdict line without the session id in front: {@code sealed, intact: 8 entries...}, {@code tampered at seq 3: ...}. */
    public static String line(JournalVerifier.Result r) {
        String d = r.describe();
        String prefix = r.sessionId() + ": ";
        return d.startsWith(prefix) ? d.substring(prefix.length()) : d;
    }
}
