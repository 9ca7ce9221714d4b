package dev.blackbox.frame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JsonScanTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    private static final JsonFactory JACKSON = new JsonFactory();

    /** Jackson's verdict: exactly one JSON object and nothing after it. */
    private static boolean jacksonSaysObject(byte[] b) {
        try (JsonParser p = JACKSON.createParser(b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<byte[]> sampleFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (String sample : List.of("real-worker-allow.jsonl", "real-worker-interrupt-while-pending.jsonl")) {
            try (var in = JsonScanTest.class.getResourceAsStream("/samples/" + sample)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        frames.add(JSON.readTree(line).get("frame").toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return frames;
    }

    @Test
    @DisplayName("Every real frame scans as valid, and its top-level members are found")
    void realFrames() {
        JsonScan scan = new JsonScan();
        for (byte[] f : sampleFrames()) {
            assertThat(scan.scan(f)).as(new String(f, StandardCharsets.UTF_8)).isTrue();
            assertThat(scan.string("type")).isNotEmpty();
        }
        byte[] result = "{\"type\":\"result\",\"total_cost_usd\":1.5e-3,\"num_turns\":4,\"is_error\":false,\"s\":\"a\\\"b\\u00e9\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scan(result)).isTrue();
        assertThat(scan.number("total_cost_usd", 0)).isEqualTo(0.0015);
        assertThat(scan.integer("num_turns", 0)).isEqualTo(4);
        assertThat(scan.bool("is_error")).isFalse();
        assertThat(scan.string("s")).isEqualTo("a\"bé");
    }

    @Test
    @DisplayName("Nested objects captured during the scan hold the same members as a second scan would")
    void capture() {
        JsonScan usage = new JsonScan();
        JsonScan message = new JsonScan().capture(usage, "usage");
        JsonScan top = new JsonScan().capture(message, "message", "request");
        for (byte[] f : sampleFrames()) {
            assertThat(top.scan(f)).isTrue();
            int m = top.find("message");
            if (m >= 0 && top.type(m) == JsonScan.OBJECT) {
                assertThat(top.captured()).isEqualTo("message");
                JsonScan again = new JsonScan();
                assertThat(again.scanMember(top, m)).isTrue();
                assertThat(message.count()).isEqualTo(again.count());
                assertThat(message.string("role")).isEqualTo(again.string("role"));
                if (again.find("usage") >= 0) {
                    assertThat(message.captured()).isEqualTo("usage");
                    assertThat(usage.integer("input_tokens", -1)).isEqualTo(42);
                }
            } else if (top.find("request") >= 0) {
                assertThat(top.captured()).isEqualTo("request");
                assertThat(message.string("subtype")).isNotEmpty();
            } else {
                assertThat(top.captured()).isNull();
            }
        }
    }

    @Test
    @DisplayName("On 20,000 randomly damaged frames the scanner accepts exactly what Jackson accepts")
    void agreesWithJackson() {
        Random random = new Random(42);
        List<byte[]> frames = sampleFrames();
        byte[] alphabet = "{}[]\",:\\ \n0123456789-+.eEtrufalsn\u0001x".getBytes(StandardCharsets.ISO_8859_1);
        JsonScan scan = new JsonScan();
        JsonScan capturing = new JsonScan().capture(new JsonScan().capture(new JsonScan(), "usage"), "message", "request");
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f = frames.get(random.nextInt(frames.size())).clone();
            int edits = 1 + random.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = random.nextInt(f.length);
                switch (random.nextInt(3)) {
                    case 0 -> f[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> f = cut(f, at);
                    default -> f = java.util.Arrays.copyOf(f, at);
                }
                if (f.length == 0) {
                    break;
                }
            }
            boolean expected = jacksonSaysObject(f);
            assertThat(scan.scan(f)).as("frame %s", new String(f, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(capturing.scan(f)).as("capturing, frame %s", new String(f, StandardCharsets.UTF_8)).isEqualTo(expected);
            if (!expected) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(5_000);
    }

    @Test
    @DisplayName("A scan up to a member reads the same members as a whole scan up to there, and never rejects a valid frame")
    void scanUntilAgreesWithScan() {
        Random random = new Random(7);
        List<byte[]> frames = sampleFrames();
        JsonScan whole = new JsonScan();
        JsonScan prefix = new JsonScan();
        int stoppedEarly = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f = frames.get(random.nextInt(frames.size())).clone();
            if (i % 2 == 1) {
                int at = random.nextInt(f.length);
                f[at] = "{}[]\",:x\u0001".getBytes(StandardCharsets.ISO_8859_1)[random.nextInt(9)];
            }
            boolean valid = whole.scan(f);
            boolean read = prefix.scanUntil(f, 0, f.length, "type");
            if (valid) {
                assertThat(read).as("valid frame %s", new String(f, StandardCharsets.UTF_8)).isTrue();
            }
            if (!read) {
                assertThat(valid).as("rejected by the prefix scan but not by the whole: %s", new String(f, StandardCharsets.UTF_8)).isFalse();
            }
            if (read && valid) {
                assertThat(prefix.string("type")).isEqualTo(whole.string("type"));
                int t = prefix.find("type");
                for (int m = 0; m <= t; m++) {
                    assertThat(prefix.key(m)).isEqualTo(whole.key(m));
                }
            }
            if (read && !prefix.complete()) {
                stoppedEarly++;
            }
        }
        assertThat(stoppedEarly).isGreaterThan(5_000);
    }

    @Test
    @DisplayName("A scan up to a member stops there: what follows is not read, what precedes is checked")
    void scanUntilStops() {
        JsonScan scan = new JsonScan();
        byte[] brokenTail = "{\"type\":\"stream_event\",\"event\":{\"delta\":[1,}".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scanUntil(brokenTail, 0, brokenTail.length, "type")).isTrue();
        assertThat(scan.complete()).isFalse();
        assertThat(scan.string("type")).isEqualTo("stream_event");
        assertThat(scan.scan(brokenTail)).isFalse();

        byte[] brokenHead = "{\"a\":[1,],\"type\":\"user\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scanUntil(brokenHead, 0, brokenHead.length, "type")).isFalse();
        assertThat(scan.problem()).isEqualTo("not JSON");

        byte[] late = "{\"message\":{\"type\":\"message\"},\"type\":\"assistant\",\"x\":".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scanUntil(late, 0, late.length, "type")).isTrue();
        assertThat(scan.string("type")).isEqualTo("assistant");

        byte[] none = "{\"no\":\"type\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scanUntil(none, 0, none.length, "type")).isTrue();
        assertThat(scan.complete()).isTrue();
        assertThat(scan.find("type")).isEqualTo(-1);
        byte[] truncated = "{\"no\":\"type\"".getBytes(StandardCharsets.UTF_8);
        assertThat(scan.scanUntil(truncated, 0, truncated.length, "type")).isFalse();
        assertThat(scan.scanUntil(new byte[]{'[', '1', ']'}, 0, 3, "type")).isFalse();
        assertThat(scan.problem()).isEqualTo("not a JSON object");
    }

    @Test
    @DisplayName("Hand-picked edge cases agree with Jackson")
    void edgeCases() {
        JsonScan scan = new JsonScan();
        for (String s : List.of("{}", " {} ", "{\"a\":1}x", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}",
                "{\"a\":[1,]}", "{\"a\":[,1]}", "{\"a\":{}}", "{\"a\":{,}}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
                "{\"a\":tru}", "{\"a\":nulll}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "[]", "\"x\"", "{\"a\":[[[[]]]]}",
                "{\"a\":\"tab\there\"}", "{\"a\":-0.5E+10}", "{\"a\":[true,false,null]}")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(scan.scan(b)).as(s).isEqualTo(jacksonSaysObject(b));
        }
        assertThat(scan.scan("{\"a\":".repeat(2000).getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    private static byte[] cut(byte[] f, int at) {
        byte[] out = new byte[f.length - 1];
        System.arraycopy(f, 0, out, 0, at);
        System.arraycopy(f, at + 1, out, at, f.length - at - 1);
        return out;
    }
}
