package dev.blackbox.bench;

import dev.blackbox.journal.HashChain;
import net.openhft.chronicle.core.time.SystemTimeProvider;

import dev.blackbox.journal.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Times, in the same JVM and over the same frames as the append runs, the pieces of work the journal
 * adds on top of a raw Chronicle append: SHA-256 over the frame bytes alone, the journal's full
 * {@link HashChain#next} (previous hash + 17-byte header + frame), the clock read, one look at the free
 * space (the journal asks once per 100 ms or when its own writes could use up the headroom), and one
 * Ed25519 signature (once per checkpoint, every 1000 entries or 10 s with a signing key).
 */
final class JournalCostBreakdown {

    /** Mean cost of one operation over the measured frames. */
    record Cost(double nanosPerOp, double megabytesPerSecond) {
    }

    record Costs(Cost sha256Alone, Cost hashChain, Cost clock, Cost usableSpace, Cost signCheckpoint) {
    }

    private final FrameCorpus corpus;
    private final long warmupOps;
    private final long ops;
    private final long payloadBytes;

    /** Written so the JIT cannot drop the work being timed. */
    static volatile long sink;

    JournalCostBreakdown(FrameCorpus corpus, long warmupOps, long ops, long payloadBytes) {
        this.corpus = corpus;
        this.warmupOps = warmupOps;
        this.ops = ops;
        this.payloadBytes = payloadBytes;
    }

    Costs measure() {
        sha256(warmupOps);
        hashChain(warmupOps);
        clock(warmupOps);
        long fewer = Math.max(1, Math.min(ops, 100_000));
        usableSpace(fewer);
        sign(Math.max(1, fewer / 50));
        return new Costs(cost(sha256(ops)), cost(hashChain(ops)), cost(clock(ops)),
                new Cost((double) usableSpace(fewer) / fewer, 0), new Cost((double) sign(fewer / 50) / (fewer / 50), 0));
    }

    /** One look at the free space of a file system: what the journal's free-space check costs when it asks. */
    private static long usableSpace(long n) {
        try {
            java.nio.file.FileStore store = java.nio.file.Files.getFileStore(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
            long acc = 0;
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                acc += store.getUsableSpace();
            }
            long took = System.nanoTime() - start;
            sink = acc;
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One Ed25519 signature over a checkpoint's signed bytes: the extra work of a signed checkpoint. */
    private static long sign(long n) {
        SigningKeys.Pair pair = SigningKeys.generate();
        try {
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            byte[] message = new dev.blackbox.journal.JournalRecord.Checkpoint("bench", "ab".repeat(32), 1000,
                    "cd".repeat(32), 1L, null, null, false).signedBytes();
            long acc = 0;
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                signer.initSign(pair.privateKey());
                signer.update(message);
                acc += signer.sign()[0];
            }
            long took = System.nanoTime() - start;
            sink = acc;
            return took;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cost cost(long nanos) {
        return new Cost((double) nanos / ops, payloadBytes * 1e3 / nanos);
    }

    private long sha256(long n) {
        MessageDigest sha256 = sha256();
        long acc = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            sha256.update(corpus.get(i).bytes());
            acc += sha256.digest()[0];
        }
        long took = System.nanoTime() - start;
        sink = acc;
        return took;
    }

    private long hashChain(long n) {
        HashChain chain = new HashChain();
        byte[] prev = HashChain.genesis(JournalContenders.SESSION_ID);
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            FrameCorpus.Frame frame = corpus.get(i);
            byte[] payload = frame.bytes();
            prev = chain.next(prev, i + 1, i, frame.kind(), payload, 0, payload.length);
        }
        long took = System.nanoTime() - start;
        sink = prev[0];
        return took;
    }

    private static long clock(long n) {
        long acc = 0;
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            acc += SystemTimeProvider.CLOCK.currentTimeMicros();
        }
        long took = System.nanoTime() - start;
        sink = acc;
        return took;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
