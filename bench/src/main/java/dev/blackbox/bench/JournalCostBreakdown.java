package dev.blackbox.bench;

import dev.blackbox.journal.HashChain;
import net.openhft.chronicle.core.time.SystemTimeProvider;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Times, in the same JVM and over the same frames as the append runs, the pieces of work the journal
 * adds on top of a raw Chronicle append: SHA-256 over the frame bytes alone, the journal's full
 * {@link HashChain#next} (previous hash + 17-byte header + frame), and the clock read.
 */
final class JournalCostBreakdown {

    /** Mean cost of one operation over the measured frames. */
    record Cost(double nanosPerOp, double megabytesPerSecond) {
    }

    record Costs(Cost sha256Alone, Cost hashChain, Cost clock) {
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
        return new Costs(cost(sha256(ops)), cost(hashChain(ops)), cost(clock(ops)));
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
