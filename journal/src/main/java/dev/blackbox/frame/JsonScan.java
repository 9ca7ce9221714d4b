package dev.blackbox.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A validating, allocation-free scan of one JSON object: it checks the whole text against the JSON
 * grammar (RFC 8259, as strict as Jackson's defaults) and remembers where each top-level member's key
 * and value are, without building a tree. Readers use it to sniff a frame's {@code type} and the few
 * fields they need at about a byte per nanosecond, then look deeper only into the members they want
 * ({@link #scanMember}). Reusable, not thread-safe: one instance per reader.
 */
public final class JsonScan {

    /** What a member's value is. */
    public static final byte OBJECT = 1, ARRAY = 2, STRING = 3, NUMBER = 4, TRUE = 5, FALSE = 6, NULL = 7;

    private static final JsonFactory JSON = new JsonFactory();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_DEPTH = 1000; // Jackson's default nesting limit

    private byte[] b;
    private int end;
    private int count;
    private int[] keyStart = new int[32];
    private int[] keyEnd = new int[32];
    private int[] valStart = new int[32];
    private int[] valEnd = new int[32];
    private byte[] valType = new byte[32];
    private final byte[] stack = new byte[MAX_DEPTH + 1];
    private String problem;
    private String stopKey; // scanUntil: stop after this top-level member
    private boolean stopped;
    private JsonScan captureChild;
    private String[] captureKeys;
    private String capturedFor;

    /** Scans {@code b[from, to)}; true when it is exactly one JSON object (surrounding whitespace allowed). */
    public boolean scan(byte[] bytes, int from, int to) {
        return scan(bytes, from, to, null);
    }

    /**
     * Scans {@code b[from, to)} only as far as the top-level member {@code key}: the text up to the end of
     * that member's value is checked against the grammar as {@link #scan} checks it, the members met on the
     * way are recorded, and nothing after it is looked at. For a frame whose {@code type} comes first, that
     * is a few dozen bytes whatever its size. True when the member was reached ({@link #complete()} false)
     * or the object ended, valid, without it ({@link #complete()} true, {@link #find} -1); false when the
     * text read is not JSON, not an object, or empty ({@link #problem()}). What follows the member is not
     * checked: a caller that acts on more of the frame must {@link #scan} it whole.
     */
    public boolean scanUntil(byte[] bytes, int from, int to, String key) {
        return scan(bytes, from, to, key);
    }

    /** False after a {@link #scanUntil} that stopped at its member: the rest of the text was not read. */
    public boolean complete() {
        return !stopped;
    }

    private boolean scan(byte[] bytes, int from, int to, String until) {
        this.b = bytes;
        this.end = to;
        this.problem = null;
        this.stopKey = until;
        this.stopped = false;
        int p = ws(from);
        if (p >= end) {
            count = 0;
            return fail("empty");
        }
        if (b[p] != '{') {
            count = 0;
            int q = skipValue(p);
            return fail(q >= 0 && ws(q) == end ? "not a JSON object" : "not JSON");
        }
        int q = objectAt(p);
        return q < 0 ? fail("not JSON") : stopped || trailing(q);
    }

    /**
     * While scanning, also scan the object value of the first member named one of {@code keys} into
     * {@code child} (and so on down, if the child captures too): one pass over the bytes instead of two
     * for readers that need a nested object ({@code message}, {@code request}, {@code usage}).
     */
    public JsonScan capture(JsonScan child, String... keys) {
        this.captureChild = child;
        this.captureKeys = keys;
        return this;
    }

    /** Whether the last scan captured an object for one of the capture keys, and which key. */
    public String captured() {
        return captureChild != null && captureChild.capturedFor != null ? captureChild.capturedFor : null;
    }

    /** At '{' (b and end set): records the object's members, returns the position after its '}' or -1. */
    private int objectAt(int p) {
        count = 0;
        if (captureChild != null) {
            captureChild.capturedFor = null;
            captureChild.count = 0;
        }
        p = ws(p + 1);
        if (p < end && b[p] == '}') {
            return p + 1;
        }
        while (true) {
            if (p >= end || b[p] != '"') {
                return -1;
            }
            int ks = p + 1;
            p = skipString(p);
            if (p < 0) {
                return -1;
            }
            int ke = p - 1;
            p = ws(p);
            if (p >= end || b[p] != ':') {
                return -1;
            }
            p = ws(p + 1);
            if (p >= end) {
                return -1;
            }
            int vs = p;
            byte type = typeAt(p);
            String captureKey = type == OBJECT && captureChild != null && captureChild.capturedFor == null
                    ? captureKey(ks, ke) : null;
            if (captureKey != null) {
                JsonScan c = captureChild;
                c.b = b;
                c.end = end;
                c.problem = null;
                c.stopKey = null;
                c.stopped = false;
                p = c.objectAt(p);
                c.capturedFor = p < 0 ? null : captureKey;
            } else {
                p = skipValue(p);
            }
            if (p < 0) {
                return -1;
            }
            add(ks, ke, vs, p, type);
            if (stopKey != null && keyIs(ks, ke, stopKey)) {
                stopped = true;
                return p;
            }
            p = ws(p);
            if (p >= end) {
                return -1;
            }
            if (b[p] == ',') {
                p = ws(p + 1);
            } else if (b[p] == '}') {
                return p + 1;
            } else {
                return -1;
            }
        }
    }

    private boolean keyIs(int ks, int ke, String key) {
        if (key.length() != ke - ks) {
            return false;
        }
        for (int j = 0; j < key.length(); j++) {
            if (b[ks + j] != key.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private String captureKey(int ks, int ke) {
        outer:
        for (String key : captureKeys) {
            if (key.length() != ke - ks) {
                continue;
            }
            for (int j = 0; j < key.length(); j++) {
                if (b[ks + j] != key.charAt(j)) {
                    continue outer;
                }
            }
            return key;
        }
        return null;
    }

    public boolean scan(byte[] bytes) {
        return scan(bytes, 0, bytes.length);
    }

    /** Scans the object value of member {@code i} of another scan (same bytes) into this one. */
    public boolean scanMember(JsonScan outer, int i) {
        return outer.valType[i] == OBJECT && scan(outer.b, outer.valStart[i], outer.valEnd[i]);
    }

    /** Why the last scan failed: "not JSON", "not a JSON object" or "empty"; null after a success. */
    public String problem() {
        return problem;
    }

    public int count() {
        return count;
    }

    public byte[] bytes() {
        return b;
    }

    /** Index of the top-level member with this (ASCII, unescaped) key, or -1. */
    public int find(String key) {
        int n = key.length();
        outer:
        for (int i = 0; i < count; i++) {
            int ks = keyStart[i];
            if (keyEnd[i] - ks != n) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (b[ks + j] != key.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public byte type(int i) {
        return valType[i];
    }

    public int valueStart(int i) {
        return valStart[i];
    }

    public int valueEnd(int i) {
        return valEnd[i];
    }

    /** The key of member i, decoded. */
    public String key(int i) {
        return decodeString(keyStart[i] - 1, keyEnd[i] + 1);
    }

    /** The string value of member {@code key}, or null when absent or not a string. */
    public String string(String key) {
        int i = find(key);
        return i < 0 ? null : string(i);
    }

    public String string(int i) {
        return valType[i] == STRING ? decodeString(valStart[i], valEnd[i]) : null;
    }

    /** The string value of member {@code key} through a cache of canonical instances (for repetitive values). */
    public String string(String key, TokenCache cache) {
        int i = find(key);
        if (i < 0 || valType[i] != STRING) {
            return null;
        }
        int s = valStart[i] + 1, e = valEnd[i] - 1;
        for (int k = s; k < e; k++) {
            if (b[k] == '\\') {
                return decodeString(valStart[i], valEnd[i]);
            }
        }
        return cache.get(b, s, e);
    }

    /** A 64-bit hash of the raw string value of member {@code key}, or 0 when absent or not a string. */
    public long stringHash(String key) {
        int i = find(key);
        if (i < 0 || valType[i] != STRING) {
            return 0;
        }
        return Hash64.of(b, valStart[i] + 1, valEnd[i] - 1);
    }

    public boolean isNull(String key) {
        int i = find(key);
        return i >= 0 && valType[i] == NULL;
    }

    /** The numeric value of member {@code key}, or {@code dflt} when absent or not a number. */
    public double number(String key, double dflt) {
        int i = find(key);
        if (i < 0 || valType[i] != NUMBER) {
            return dflt;
        }
        return Double.parseDouble(new String(b, valStart[i], valEnd[i] - valStart[i], StandardCharsets.ISO_8859_1));
    }

    public long integer(String key, long dflt) {
        int i = find(key);
        if (i < 0 || valType[i] != NUMBER) {
            return dflt;
        }
        long v = 0;
        boolean neg = false;
        for (int k = valStart[i]; k < valEnd[i]; k++) {
            byte c = b[k];
            if (c == '-') {
                neg = true;
            } else if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
            } else {
                return (long) number(key, dflt); // fraction or exponent
            }
        }
        return neg ? -v : v;
    }

    /** Boolean member, or null when absent or not a boolean. */
    public Boolean bool(String key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        return valType[i] == TRUE ? Boolean.TRUE : valType[i] == FALSE ? Boolean.FALSE : null;
    }

    /** The raw JSON text of member i's value. */
    public String raw(int i) {
        return new String(b, valStart[i], valEnd[i] - valStart[i], StandardCharsets.UTF_8);
    }

    /** A 64-bit hash of member {@code key}'s raw value text (any type), or 0 when absent: "did it change?". */
    public long rawHash(String key) {
        int i = find(key);
        return i < 0 ? 0 : Hash64.of(b, valStart[i], valEnd[i]);
    }

    /** The strings of an array member (non-string elements are skipped); empty when absent. */
    public List<String> strings(String key) {
        int i = find(key);
        List<String> out = new ArrayList<>();
        if (i < 0 || valType[i] != ARRAY) {
            return out;
        }
        int p = ws(valStart[i] + 1);
        int e = valEnd[i] - 1;
        while (p < e) {
            int q = skipValue(p);
            if (q < 0) {
                break;
            }
            if (b[p] == '"') {
                out.add(decodeString(p, q));
            }
            p = ws(q);
            if (p < e && b[p] == ',') {
                p = ws(p + 1);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- grammar

    private boolean trailing(int p) {
        p = ws(p);
        return p == end || fail("not JSON");
    }

    private boolean fail(String why) {
        problem = why;
        return false;
    }

    private byte typeAt(int p) {
        return switch (b[p]) {
            case '{' -> OBJECT;
            case '[' -> ARRAY;
            case '"' -> STRING;
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            default -> NUMBER;
        };
    }

    private void add(int ks, int ke, int vs, int ve, byte type) {
        if (count == keyStart.length) {
            int n = count * 2;
            keyStart = Arrays.copyOf(keyStart, n);
            keyEnd = Arrays.copyOf(keyEnd, n);
            valStart = Arrays.copyOf(valStart, n);
            valEnd = Arrays.copyOf(valEnd, n);
            valType = Arrays.copyOf(valType, n);
        }
        keyStart[count] = ks;
        keyEnd[count] = ke;
        valStart[count] = vs;
        valEnd[count] = ve;
        valType[count] = type;
        count++;
    }

    private int ws(int p) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    /** Skips one complete value starting at p (no leading whitespace); returns the position after it, or -1. */
    private int skipValue(int p) {
        int depth = 0;
        while (true) {
            // a value starts at p
            if (p >= end) {
                return -1;
            }
            byte c = b[p];
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    return -1;
                }
                stack[depth++] = c;
                p = ws(p + 1);
                if (p >= end) {
                    return -1;
                }
                if (b[p] == (c == '{' ? '}' : ']')) {
                    p++;
                    depth--;
                } else {
                    if (c == '{') {
                        p = memberKey(p);
                        if (p < 0) {
                            return -1;
                        }
                    }
                    continue;
                }
            } else if (c == '"') {
                p = skipString(p);
            } else if (c == 't') {
                p = literal(p, "true");
            } else if (c == 'f') {
                p = literal(p, "false");
            } else if (c == 'n') {
                p = literal(p, "null");
            } else {
                p = skipNumber(p);
            }
            if (p < 0) {
                return -1;
            }
            // after a value: close containers or move to the next element
            while (true) {
                if (depth == 0) {
                    return p;
                }
                p = ws(p);
                if (p >= end) {
                    return -1;
                }
                c = b[p];
                byte top = stack[depth - 1];
                if (c == ',') {
                    p = ws(p + 1);
                    if (top == '{') {
                        p = memberKey(p);
                        if (p < 0) {
                            return -1;
                        }
                    }
                    break;
                } else if ((c == '}' && top == '{') || (c == ']' && top == '[')) {
                    p++;
                    depth--;
                } else {
                    return -1;
                }
            }
        }
    }

    /** At a member key: skips {@code "key" :} and the whitespace after it; returns the value position or -1. */
    private int memberKey(int p) {
        if (p >= end || b[p] != '"') {
            return -1;
        }
        p = skipString(p);
        if (p < 0) {
            return -1;
        }
        p = ws(p);
        if (p >= end || b[p] != ':') {
            return -1;
        }
        return ws(p + 1);
    }

    /**
     * At an opening quote: returns the position after the closing quote, or -1. Most of a frame's bytes are
     * inside strings, so plain ASCII is skipped eight bytes at a time (a word with no quote, backslash,
     * control or non-ASCII byte needs no look at its bytes).
     */
    private int skipString(int p) {
        p++;
        while (true) {
            if (p + 8 <= end) {
                long w = (long) LONGS.get(b, p);
                long quote = w ^ 0x2222222222222222L;
                long slash = w ^ 0x5C5C5C5C5C5C5C5CL;
                long special = (((quote - 0x0101010101010101L) & ~quote)
                        | ((slash - 0x0101010101010101L) & ~slash)
                        | ((w - 0x2020202020202020L) & ~w)
                        | w) & 0x8080808080808080L;
                if (special == 0) {
                    p += 8;
                    continue;
                }
                // the lowest flagged byte is exactly the first special one (borrows only run upwards)
                p += Long.numberOfTrailingZeros(special) >>> 3;
            }
            if (p >= end) {
                return -1;
            }
            byte c = b[p];
            if (c == '"') {
                return p + 1;
            }
            if (c == '\\') {
                if (p + 1 >= end) {
                    return -1;
                }
                byte e = b[p + 1];
                if (e == 'u') {
                    if (p + 5 >= end) {
                        return -1;
                    }
                    for (int k = p + 2; k < p + 6; k++) {
                        if (Character.digit(b[k], 16) < 0) {
                            return -1;
                        }
                    }
                    p += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    return -1;
                }
                p += 2;
                continue;
            }
            if (c < 0) {
                p = skipUtf8(p);
                if (p < 0) {
                    return -1;
                }
                continue;
            }
            if (c < 0x20) {
                return -1; // control characters must be escaped
            }
            p++;
        }
    }

    /** At a non-ASCII byte: checks one UTF-8 sequence (lead byte and continuations, as Jackson does). */
    private int skipUtf8(int p) {
        int c = b[p] & 0xff;
        int more;
        if (c >= 0xC0 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
        } else if (c >= 0xF0 && c <= 0xF7) {
            more = 3;
        } else {
            return -1;
        }
        if (p + more >= end) {
            return -1;
        }
        for (int k = 1; k <= more; k++) {
            if ((b[p + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return p + more + 1;
    }

    private int literal(int p, String word) {
        int n = word.length();
        if (p + n > end) {
            return -1;
        }
        for (int k = 0; k < n; k++) {
            if (b[p + k] != word.charAt(k)) {
                return -1;
            }
        }
        return p + n;
    }

    private int skipNumber(int p) {
        if (b[p] == '-') {
            p++;
        }
        if (p >= end) {
            return -1;
        }
        if (b[p] == '0') {
            p++;
        } else if (b[p] >= '1' && b[p] <= '9') {
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
        } else {
            return -1;
        }
        if (p < end && b[p] == '.') {
            p++;
            int digits = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == digits) {
                return -1;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            int digits = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            if (p == digits) {
                return -1;
            }
        }
        return p;
    }

    /** Decodes a quoted JSON string at b[s, e) (quotes included). */
    private String decodeString(int s, int e) {
        boolean escaped = false;
        for (int k = s + 1; k < e - 1; k++) {
            if (b[k] == '\\') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return new String(b, s + 1, e - s - 2, StandardCharsets.UTF_8);
        }
        try (JsonParser parser = JSON.createParser(b, s, e - s)) {
            return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
        } catch (IOException ex) {
            return null;
        }
    }
}
