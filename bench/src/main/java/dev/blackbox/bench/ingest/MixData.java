package dev.blackbox.bench.ingest;

import java.util.List;

/** One mix, ready to stream: the distinct frames, their wire encoding, and how many to send. */
record MixData(FrameMixes.Mix mix, List<byte[]> pool, WireFrames wire, long warmup, long measured) {

    static MixData of(FrameMixes.Mix mix, double scale) {
        int poolSize = mix == FrameMixes.Mix.LARGE ? 512 : 4096;
        List<byte[]> pool = FrameMixes.build(mix, poolSize, 20261201L + mix.ordinal());
        long measured = switch (mix) {
            case DELTAS -> 3_000_000;
            case TURN -> 2_000_000;
            case LARGE -> 120_000;
        };
        long warmup = switch (mix) {
            case DELTAS -> 600_000;
            case TURN -> 400_000;
            case LARGE -> 20_000;
        };
        return new MixData(mix, pool, new WireFrames(pool), Math.round(warmup * scale), Math.max(1, Math.round(measured * scale)));
    }

    long total() {
        return warmup + measured;
    }

    double meanBytes() {
        return FrameMixes.meanBytes(pool);
    }

    long measuredBytes() {
        return wire.payloadBytes(total()) - wire.payloadBytes(warmup);
    }

    String describe() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (byte[] f : pool) {
            min = Math.min(min, f.length);
            max = Math.max(max, f.length);
        }
        return String.format("%s: %s; %d distinct frames, mean %.0f B (%d–%d B); %,d warm-up + %,d measured frames per run",
                mix.spelling, mix.description, pool.size(), meanBytes(), min, max, warmup, measured);
    }
}
