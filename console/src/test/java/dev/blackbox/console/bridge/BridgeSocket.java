package dev.blackbox.console.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

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
