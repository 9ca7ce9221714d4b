package dev.blackbox.console.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The bridge as a page sees it, without a browser: SockJS's raw WebSocket endpoint
 * ({@code /eventbus/websocket}) speaking the bridge's JSON frames. Use from the test thread.
 */
final class BridgeSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

    private BridgeSocket(WebSocket socket) {
        this.socket = socket;
        socket.handler(data -> received.add(new JsonObject(data)));   // the raw endpoint writes binary frames
    }

    static WebSocketConnectOptions options(int port, String cookie, String origin) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/eventbus/websocket");
        if (cookie != null) {
            options.addHeader(HttpHeaders.COOKIE, cookie);
        }
        if (origin != null) {
            options.addHeader(HttpHeaders.ORIGIN, origin);
        }
        return options;
    }

    /**
     * The HTTP status the bridge answers a WebSocket upgrade with, read from the first line of its response on a
     * plain socket (a WebSocket client may see the connection close before it has read a refusal's status).
     */
    static int upgradeStatus(int port, String cookie, String origin) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String request = "GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + (origin == null ? "" : "Origin: " + origin + "\r\n")
                    + "\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (status == null || !status.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP response: " + status);
            }
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static BridgeSocket open(Vertx vertx, int port, String cookie) {
        return new BridgeSocket(vertx.createWebSocketClient().connect(options(port, cookie, null)).await());
    }

    /** Sends a request; returns the reply address to wait on. */
    String request(String address, Object body) {
        String replyAddress = UUID.randomUUID().toString();
        write(new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", replyAddress));
        return replyAddress;
    }

    void publish(String address, Object body) {
        write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
    }

    void register(String address) {
        write(new JsonObject().put("type", "register").put("address", address));
    }

    void unregister(String address) {
        write(new JsonObject().put("type", "unregister").put("address", address));
    }

    private void write(JsonObject frame) {
        socket.writeTextMessage(frame.encode()).await();
    }

    /** The next frame the bridge sends that matches, within 5 s (frames before it are dropped). */
    JsonObject next(Predicate<JsonObject> wanted) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            java.util.List<JsonObject> skipped = new java.util.ArrayList<>();
            while (true) {
                JsonObject frame = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("the bridge sent no matching frame within 5 s; it sent " + skipped);
                }
                skipped.add(frame);
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    JsonObject replyTo(String replyAddress) {
        return next(f -> replyAddress.equals(f.getString("address")));
    }

    JsonObject error() {
        return next(f -> "err".equals(f.getString("type")) && f.getString("address") == null);
    }

    @Override
    public void close() {
        socket.close().await();
    }
}
