package dev.blackbox.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The journal's tamper-evidence: {@code hash = SHA-256(prevHash || seq || ts || kind || payload)},
 * seq and ts as 8-byte little-endian, kind as its one-byte code; the first entry chains from
 * {@code SHA-256("blackbox:" + sessionId)}. Not thread-safe: one instance per writer or verifier.
 */
public final class HashChain {

    public static final int HASH_BYTES = 32;

    private final MessageDigest sha256;
    private final byte[] header = new byte[17];

    public HashChain() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static byte[] genesis(String sessionId) {
        HashChain chain = new HashChain();
        return chain.sha256.digest(("blackbox:" + sessionId).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] next(byte[] prevHash, long seq, long tsMicros, EntryKind kind, byte[] payload, int off, int len) {
        putLongLE(header, 0, seq);
        putLongLE(header, 8, tsMicros);
        header[16] = (byte) kind.code();
        sha256.update(prevHash);
        sha256.update(header);
        sha256.update(payload, off, len);
        return sha256.digest();
    }

    /** Same as {@link #next} but for a kind code this version may not know (verification of unknown kinds). */
    public byte[] next(byte[] prevHash, long seq, long tsMicros, int kindCode, byte[] payload) {
        putLongLE(header, 0, seq);
        putLongLE(header, 8, tsMicros);
        header[16] = (byte) kindCode;
        sha256.update(prevHash);
        sha256.update(header);
        sha256.update(payload);
        return sha256.digest();
    }

    /** A hash as lower-case hex, as checkpoints and the witness write it. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static void putLongLE(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
