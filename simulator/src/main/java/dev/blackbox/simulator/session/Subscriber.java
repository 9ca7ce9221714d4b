package dev.blackbox.simulator.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayList;
import java.util.List;

/** One connected subscriber socket, with write back-pressure and the two ways of closing it. */
public final class Subscriber {

    private final long connection;
    private final ServerWebSocket socket;
    private final Runnable dropTcp;
    private final List<Promise<Void>> drainWaiters = new ArrayList<>();

    /** @param dropTcp closes the TCP connection under the socket without a close frame, or null when that is impossible */
    public Subscriber(long connection, ServerWebSocket socket, Runnable dropTcp) {
        this.connection = connection;
        this.socket = socket;
        this.dropTcp = dropTcp;
        socket.drainHandler(v -> {
            List<Promise<Void>> ready = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
            ready.forEach(Promise::tryComplete);
        });
    }

    public long connection() {
        return connection;
    }

    void writeText(String text) {
        socket.writeTextMessage(text);
    }

    void writeBinary(byte[] bytes) {
        socket.writeBinaryMessage(Buffer.buffer(bytes));
    }

    boolean congested() {
        return socket.writeQueueFull();
    }

    /** Completes once the socket can take more (or is gone). */
    Future<Void> drained() {
        if (!socket.writeQueueFull() || socket.isClosed()) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        drainWaiters.add(p);
        return p.future();
    }

    /** Releases anyone waiting for this socket to drain; called when it closes. */
    void released() {
        List<Promise<Void>> ready = new ArrayList<>(drainWaiters);
        drainWaiters.clear();
        ready.forEach(Promise::tryComplete);
    }

    /**
     * Closes with a close frame, or, for 1006, drops the TCP connection without one: 1006 is
     * reserved for "closed abnormally" and may not appear in a close frame, so an abrupt drop is
     * the only faithful way to make a client see it (1011 is the fallback).
     */
    void close(int code, String reason) {
        if (code == 1006 && dropTcp != null) {
            dropTcp.run();
            return;
        }
        socket.close((short) (code == 1006 ? 1011 : code), reason);
    }
}
