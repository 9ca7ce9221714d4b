package dev.blackbox.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a byte range, eight bytes at a time (multiply-rotate per word, then a SplitMix64
 * finaliser so that short ids spread over all bits). Readers remember ids as these longs instead of
 * Strings: 8 bytes each, no allocation. With 10 M ids the chance of any collision is about 3 in a million.
 */
public final class Hash64 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long K = 0x9E3779B97F4A7C15L;

    private Hash64() {
    }

    public static long of(byte[] b, int from, int to) {
        long h = (to - from) * K;
        int p = from;
        for (; p + 8 <= to; p += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(b, p) * K), 29) * 0xBF58476D1CE4E5B9L;
        }
        long tail = 0;
        for (int shift = 0; p < to; p++, shift += 8) {
            tail |= (b[p] & 0xffL) << shift;
        }
        h = Long.rotateLeft(h ^ (tail * K), 29) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == 0 ? 1 : h; // 0 means "no id"
    }

    public static long of(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return of(b, 0, b.length);
    }
}
