package dev.blackbox.journal;

import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Recomputes a journal's hash chain and checks that sequence numbers run 1, 2, 3... without gaps.
 * Stops at the first entry that is wrong and says which and why.
 */
public final class JournalVerifier {

    private JournalVerifier() {
    }

    public record Result(String sessionId, boolean ok, long entries, long firstBadSeq, String problem) {
        public String describe() {
            return ok
                    ? sessionId + ": OK, " + entries + " entries, hash chain intact"
                    : sessionId + ": FAILED at seq " + firstBadSeq + ": " + problem + " (" + entries + " entries verified before it)";
        }
    }

    public static Result verify(Path root, String sessionId) {
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            HashChain chain = new HashChain();
            byte[] prev = HashChain.genesis(sessionId);
            long expected = 1;
            while (true) {
                EntryCodec.Decoded e;
                try {
                    e = reader.nextRaw();
                } catch (EntryCodec.UnreadableEntryException bad) {
                    long seq = bad.seq > 0 ? bad.seq : expected;
                    return new Result(sessionId, false, expected - 1, seq, "unreadable entry: " + bad.getMessage());
                }
                if (e == null) {
                    return new Result(sessionId, true, expected - 1, 0, null);
                }
                if (e.seq() != expected) {
                    return new Result(sessionId, false, expected - 1, expected,
                            "seq gap: expected seq " + expected + " but found " + e.seq());
                }
                if (EntryKind.fromCode(e.kindCode()) == null) {
                    return new Result(sessionId, false, expected - 1, e.seq(), "unreadable entry: unknown kind code " + e.kindCode());
                }
                byte[] h = chain.next(prev, e.seq(), e.ts(), e.kindCode(), e.payload());
                if (!MessageDigest.isEqual(h, e.hash())) {
                    return new Result(sessionId, false, expected - 1, e.seq(),
                            "hash mismatch: the entry or one before it was altered");
                }
                prev = h;
                expected++;
            }
        }
    }
}
