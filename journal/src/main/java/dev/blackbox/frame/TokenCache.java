package dev.blackbox.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical Strings for short, repetitive byte sequences (frame types, subtypes, tool names), so that
 * sniffing a million frames does not allocate a million "assistant" strings. A small direct-mapped
 * cache: a miss just decodes and replaces the slot. Not thread-safe.
 */
public final class TokenCache {

    private static final int SLOTS = 1024;
    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    public String get(byte[] b, int from, int to) {
        int len = to - from;
        if (len > 64) {
            return new String(b, from, len, StandardCharsets.UTF_8);
        }
        int h = len;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        h *= 0x9E3779B9;
        int slot = (h >>> 22) & (SLOTS - 1);
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, b, from, to)) {
            return values[slot];
        }
        String s = new String(b, from, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(b, from, to);
        values[slot] = s;
        return s;
    }
}
