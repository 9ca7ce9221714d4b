package dev.blackbox.replay.frame;

/**
 * A 64-bit hash of a byte range (FNV-1a, then a SplitMix64 finaliser so that short ids spread over all
 * bits). Readers remember ids as these longs instead of Strings: 8 bytes each, no allocation. With
 * 10 M ids the chance of any collision is about 3 in a million.
 */
public final class Hash64 {

    private Hash64() {
    }

    public static long of(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h ^= b[i] & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= to - from;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h; // 0 means "no id"
    }

    public static long of(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return of(b, 0, b.length);
    }
}
