package dev.blackbox.recorder.remote;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * What one connection's network event loop hands to the recorder's event loop: frames and connection
 * events, in the order they happened, in batches (one task on the recorder's loop takes up to
 * {@value #MAX_BATCH} of them, then yields to its other tasks), with backpressure: past
 * {@value #HIGH_WATER_BYTES} bytes of frames not yet taken, the socket is paused (the service then waits
 * on TCP), and it is resumed below {@value #LOW_WATER_BYTES}. So decoding the WebSocket and journaling run
 * on two threads, and what the recorder has not journaled yet is bounded in memory.
 */
final class NetworkInbox {

    private static final Logger log = LoggerFactory.getLogger(NetworkInbox.class);
    static final long HIGH_WATER_BYTES = 4L << 20;
    static final long LOW_WATER_BYTES = 1L << 20;
    static final int MAX_BATCH = 1024;

    /** One whole frame, as received. */
    record Frame(Buffer data, boolean binary) {
    }

    private final Context recorder;
    private final Context network;
    private final Consumer<Object> deliver;
    /** Without the end-of-read signal, a batch is handed over once this many frames wait. */
    static final int FLUSH_FRAMES = 256;

    private Channel socket; // network loop only
    private boolean readsSignalled; // network loop only: handOver() comes at the end of every socket read
    private int unsignalled; // network loop only
    private final Object lock = new Object();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private final Object[] batch = new Object[MAX_BATCH];
    private long queuedBytes;
    private boolean scheduled;
    private boolean paused;

    /** @param deliver called on the recorder's loop with each {@link Frame} or event, in order */
    NetworkInbox(Context recorder, Context network, Consumer<Object> deliver) {
        this.recorder = recorder;
        this.network = network;
        this.deliver = deliver;
    }

    /**
     * On the network loop, once connected: the socket to stop reading while the recorder is behind. It is
     * paused at the channel (no more reads from TCP; the frames of the current read still come here), not
     * with {@code WebSocket.pause()}, which would park decoded frames in Vert.x's own queue, where a close
     * arriving meanwhile would overtake them. A handler ahead of Vert.x's in the pipeline signals the end of
     * each read, so the frames of one read (a few hundred small ones) cross to the recorder as one batch:
     * one task and at most one wake-up per read instead of per frame.
     */
    void attach(Channel socket) {
        this.socket = socket;
        ChannelPipeline pipeline = socket.pipeline();
        if (pipeline.get(VERTX_HANDLER) != null) {
            pipeline.addBefore(VERTX_HANDLER, "blackbox-read-complete", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelReadComplete(ChannelHandlerContext ctx) {
                    ctx.fireChannelReadComplete(); // Vert.x delivers what it still held, then the batch goes
                    handOver();
                }
            });
            readsSignalled = true;
        }
    }

    /** The name Vert.x gives its handler, the last one of a connection's pipeline. */
    private static final String VERTX_HANDLER = "handler";

    /** On the network loop: a frame. */
    void frame(Buffer data, boolean binary) {
        offer(new Frame(data, binary), data.length(), !readsSignalled || ++unsignalled >= FLUSH_FRAMES);
    }

    /** On the network loop: a connection event, delivered after every frame before it. */
    void event(Object event) {
        offer(event, 0, true);
    }

    /** On the network loop, at the end of a socket read: what it brought goes to the recorder now. */
    private void handOver() {
        offer(null, 0, true);
    }

    private void offer(Object item, int bytes, boolean handOver) {
        boolean schedule;
        boolean pauseNow;
        synchronized (lock) {
            if (item != null) {
                queue.add(item);
                queuedBytes += bytes;
            }
            schedule = handOver && !scheduled && !queue.isEmpty();
            scheduled |= schedule;
            pauseNow = !paused && queuedBytes > HIGH_WATER_BYTES;
            paused |= pauseNow;
        }
        if (handOver) {
            unsignalled = 0;
        }
        if (pauseNow && socket != null) {
            socket.config().setAutoRead(false);
        }
        if (schedule) {
            recorder.runOnContext(v -> drain());
        }
    }

    /** On the recorder's loop: deliver one batch, then yield (another task) if more is waiting. */
    private void drain() {
        int n = 0;
        synchronized (lock) {
            while (n < MAX_BATCH && !queue.isEmpty()) {
                Object item = queue.poll();
                if (item instanceof Frame f) {
                    queuedBytes -= f.data().length();
                }
                batch[n++] = item;
            }
        }
        for (int i = 0; i < n; i++) {
            Object item = batch[i];
            batch[i] = null;
            try {
                deliver.accept(item);
            } catch (RuntimeException e) {
                log.error("handling {} failed", item instanceof Frame ? "a frame" : item, e); // as an event loop would report it; the next ones still go
            }
        }
        boolean more;
        boolean resumeNow;
        synchronized (lock) {
            more = !queue.isEmpty();
            scheduled = more;
            resumeNow = paused && queuedBytes < LOW_WATER_BYTES;
            paused &= !resumeNow;
        }
        if (resumeNow) {
            network.runOnContext(v -> {
                if (socket != null) {
                    socket.config().setAutoRead(true);
                }
            });
        }
        if (more) {
            recorder.runOnContext(v -> drain());
        }
    }
}
