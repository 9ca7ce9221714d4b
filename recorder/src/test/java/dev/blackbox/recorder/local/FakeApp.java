package dev.blackbox.recorder.local;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The application side of {@code blackbox-claude}, played by the test: it writes lines into a real
 * pipe (what the pass-through reads as its stdin) and keeps every byte the pass-through gives back.
 */
final class FakeApp {

    /** Bytes written to it, kept whole; lines can be awaited. */
    static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean closed;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        synchronized List<String> lines() {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }

        synchronized boolean isClosed() {
            return closed;
        }

        synchronized String await(String what, Predicate<String> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (String line : lines()) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new AssertionError("no " + what + " within " + timeout.toSeconds() + " s; got:\n" + String.join("\n", lines()));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    final Capture out = new Capture();
    final Capture err = new Capture();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final Pipe pipe;
    private final OutputStream toBlackbox;

    FakeApp() throws IOException {
        pipe = Pipe.open();
        toBlackbox = Channels.newOutputStream(pipe.sink());
    }

    /** What the pass-through reads. */
    InputStream stdin() {
        return Channels.newInputStream(pipe.source());
    }

    /** Writes the lines in one write, as the SDK writes initialize and the first prompt. */
    synchronized void write(String... lines) throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        written.writeBytes(bytes);
        toBlackbox.write(bytes);
        toBlackbox.flush();
    }

    void closeStdin() throws IOException {
        toBlackbox.close();
    }

    /** The next stdout frame whose JSON matches. */
    JsonObject await(String what, Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        return new JsonObject(out.await(what, line -> {
            try {
                return match.test(new JsonObject(line));
            } catch (DecodeException e) {
                return false;
            }
        }, timeout));
    }

    static Predicate<JsonObject> canUseTool() {
        return f -> "control_request".equals(f.getString("type")) && "can_use_tool".equals(f.getJsonObject("request").getString("subtype"));
    }

    static Predicate<JsonObject> type(String type) {
        return f -> type.equals(f.getString("type"));
    }

    // what the TypeScript Agent SDK 0.3.330 writes (docs/stdio-protocol-notes.md), byte for byte
    static final String SDK_INITIALIZE = "{\"request_id\":\"pr4y43gx70c\",\"type\":\"control_request\",\"request\":{\"subtype\":\"initialize\",\"systemPrompt\":[\"\"]}}";

    static String sdkPrompt(String text) {
        return "{\"type\":\"user\",\"session_id\":\"\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
                + new JsonArray().add(text).encode().replaceAll("^\\[|]$", "") + "}]},\"parent_tool_use_id\":null}";
    }

    static String sdkAllow(JsonObject canUseTool) {
        JsonObject request = canUseTool.getJsonObject("request");
        return "{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"" + canUseTool.getString("request_id")
                + "\",\"response\":{\"behavior\":\"allow\",\"updatedInput\":" + request.getJsonObject("input").encode()
                + ",\"toolUseID\":\"" + request.getString("tool_use_id") + "\"}}}";
    }

    static String sdkDeny(JsonObject canUseTool, String message) {
        return "{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\"" + canUseTool.getString("request_id")
                + "\",\"response\":{\"behavior\":\"deny\",\"message\":\"" + message + "\",\"toolUseID\":\""
                + canUseTool.getJsonObject("request").getString("tool_use_id") + "\"}}}";
    }

    static String sdkAborted(JsonObject canUseTool) {
        return "{\"type\":\"control_response\",\"response\":{\"subtype\":\"error\",\"request_id\":\"" + canUseTool.getString("request_id")
                + "\",\"error\":\"aborted\"}}";
    }
}
