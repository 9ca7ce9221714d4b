package dev.blackbox.bench.ingest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The loopback sessions service of the ingest bench, on raw Netty: it performs the WebSocket upgrade
 * of the subscribe URL itself (the recorder's path, {@code Authorization: Bearer}, {@code anthropic-version}
 * checked as the service checks them), then writes slices of pre-encoded frames ({@link WireFrames})
 * straight to the socket: as fast as the socket drains ({@link Flood}) or at a fixed rate per session
 * ({@link Paced}); then it closes with 4003, so a recorder exits by itself. Nothing is encoded or
 * allocated per frame, which keeps it far faster than any client (the bench checks that).
 */
final class FrameSource implements AutoCloseable {

    /** What a session is sent. */
    sealed interface Plan permits Flood, Paced {
    }

    /**
     * {@code total} frames as fast as the socket takes them; the write of frame {@code measuredFrom} is
     * timed. At each frame number in {@code pauseAt} the source stops writing until {@code onPause} completes.
     */
    record Flood(WireFrames frames, long total, long measuredFrom, long[] pauseAt,
                 LongFunction<CompletionStage<?>> onPause) implements Plan {
        Flood(WireFrames frames, long total, long measuredFrom) {
            this(frames, total, measuredFrom, new long[0], n -> CompletableFuture.completedFuture(null));
        }
    }

    /** {@code count} frames, one every {@code 1/perSecond} s, from the handshake on. */
    record Paced(WireFrames frames, int count, int perSecond) implements Plan {
    }

    /** What the source saw of one session; times are epoch µs ({@link EpochMicros}), 0 when it did not happen. */
    static final class SessionStats {
        final String sessionId;
        volatile long handshakeMicros;
        volatile long firstWriteMicros;
        volatile long measuredStartMicros;
        volatile long allWrittenMicros;
        volatile long closeAckMicros;
        volatile long framesWritten;
        final CompletableFuture<SessionStats> done = new CompletableFuture<>();

        SessionStats(String sessionId) {
            this.sessionId = sessionId;
        }
    }

    static final int CLOSE_CODE = 4003;
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final Pattern SUBSCRIBE = Pattern.compile("^/v1/sessions/ws/([A-Za-z0-9_-]{1,128})/subscribe(\\?.*)?$");
    private static final int CHUNK_BYTES = 256 * 1024;

    private final String token;
    private final Function<String, Plan> plans;
    private final EventLoopGroup group;
    private final Channel server;
    private final Map<String, SessionStats> sessions = new ConcurrentHashMap<>();

    FrameSource(String token, int threads, Function<String, Plan> plans) {
        this.token = token;
        this.plans = plans;
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Connection());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort());
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The session's stats once it has connected; its {@code done} completes when its connection has closed. */
    SessionStats session(String sessionId) {
        return sessions.computeIfAbsent(sessionId, SessionStats::new);
    }

    Collection<SessionStats> sessions() {
        return sessions.values();
    }

    void forget() {
        sessions.clear();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One subscriber: the HTTP upgrade, then the plan's frames, then 4003 and the close handshake. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private ByteBuf request;
        private ByteBuf inbound;
        private SessionStats stats;
        private Plan plan;
        private long next;
        private int pauseIndex;
        private boolean paused;
        private boolean closeSent;
        private ScheduledFuture<?> pacer;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (plan == null) {
                    handshake(ctx, in);
                } else {
                    clientFrames(ctx, in);
                }
            } finally {
                in.release();
            }
        }

        private void handshake(ChannelHandlerContext ctx, ByteBuf in) {
            if (request == null) {
                request = ctx.alloc().heapBuffer();
            }
            request.writeBytes(in);
            String text = request.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                if (request.readableBytes() > 64 * 1024) {
                    reject(ctx, "431 Request Header Fields Too Large");
                }
                return;
            }
            request.release();
            request = null;
            String[] lines = text.substring(0, end).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            Matcher path = requestLine.length == 3 && requestLine[0].equals("GET") ? SUBSCRIBE.matcher(requestLine[1]) : null;
            if (path == null || !path.matches() || !"websocket".equalsIgnoreCase(headers.get("upgrade"))
                    || headers.get("sec-websocket-key") == null) {
                reject(ctx, "404 Not Found");
                return;
            }
            if (!("Bearer " + token).equals(headers.get("authorization")) || !"2023-06-01".equals(headers.get("anthropic-version"))) {
                reject(ctx, "401 Unauthorized");
                return;
            }
            String sessionId = path.group(1);
            plan = plans.apply(sessionId);
            stats = session(sessionId);
            stats.handshakeMicros = EpochMicros.now();
            String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(headers.get("sec-websocket-key")) + "\r\n\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.ISO_8859_1));
            inbound = ctx.alloc().heapBuffer();
            if (plan instanceof Flood) {
                pump(ctx);
            } else if (plan instanceof Paced p) {
                long periodNanos = 1_000_000_000L / p.perSecond();
                pacer = ctx.executor().scheduleAtFixedRate(() -> paced(ctx, p), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void reject(ChannelHandlerContext ctx, String status) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    StandardCharsets.ISO_8859_1)).addListener(f -> ctx.close());
        }

        private void pump(ChannelHandlerContext ctx) {
            Flood flood = (Flood) plan;
            Channel ch = ctx.channel();
            boolean wrote = false;
            while (!paused && !closeSent && ch.isWritable()) {
                if (pauseIndex < flood.pauseAt().length && next == flood.pauseAt()[pauseIndex]) {
                    long at = flood.pauseAt()[pauseIndex++];
                    paused = true;
                    ch.flush();
                    flood.onPause().apply(at).whenComplete((v, e) -> ctx.executor().execute(() -> {
                        paused = false;
                        pump(ctx);
                    }));
                    return;
                }
                if (next >= flood.total()) {
                    break;
                }
                long limit = pauseIndex < flood.pauseAt().length ? Math.min(flood.total(), flood.pauseAt()[pauseIndex]) : flood.total();
                int n = flood.frames().framesFrom(next, limit - next, CHUNK_BYTES);
                if (next <= flood.measuredFrom() && flood.measuredFrom() < next + n) {
                    stats.measuredStartMicros = EpochMicros.now();
                }
                if (next == 0) {
                    stats.firstWriteMicros = EpochMicros.now();
                }
                ch.write(flood.frames().slice(next, n), ch.voidPromise());
                next += n;
                wrote = true;
            }
            if (wrote) {
                ch.flush();
            }
            boolean pauseDue = pauseIndex < flood.pauseAt().length && flood.pauseAt()[pauseIndex] <= flood.total();
            if (next == flood.total() && !closeSent && !paused && !pauseDue) {
                sendClose(ctx, flood.frames());
            }
        }

        private void paced(ChannelHandlerContext ctx, Paced p) {
            if (closeSent || !ctx.channel().isActive()) {
                return;
            }
            if (next == 0) {
                stats.firstWriteMicros = EpochMicros.now();
            }
            ctx.writeAndFlush(p.frames().slice(next, 1), ctx.voidPromise());
            next++;
            if (next == p.count()) {
                pacer.cancel(false);
                sendClose(ctx, p.frames());
            }
        }

        private void sendClose(ChannelHandlerContext ctx, WireFrames frames) {
            closeSent = true;
            stats.allWrittenMicros = EpochMicros.now();
            stats.framesWritten = next;
            ctx.writeAndFlush(WireFrames.closeFrame(CLOSE_CODE, "bench: end of stream"));
            // a client that never answers the close is cut off after a while
            ctx.executor().schedule(() -> ctx.close(), 60, TimeUnit.SECONDS);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (plan instanceof Flood && ctx.channel().isWritable()) {
                pump(ctx);
            }
        }

        /** The client's frames are masked (RFC 6455 5.3); only close and ping matter here. */
        private void clientFrames(ChannelHandlerContext ctx, ByteBuf in) {
            inbound.writeBytes(in);
            while (inbound.readableBytes() >= 2) {
                int start = inbound.readerIndex();
                int b0 = inbound.getUnsignedByte(start);
                int b1 = inbound.getUnsignedByte(start + 1);
                int header = 2;
                long len = b1 & 0x7F;
                if (len == 126) {
                    if (inbound.readableBytes() < 4) {
                        return;
                    }
                    len = inbound.getUnsignedShort(start + 2);
                    header = 4;
                } else if (len == 127) {
                    if (inbound.readableBytes() < 10) {
                        return;
                    }
                    len = inbound.getLong(start + 2);
                    header = 10;
                }
                int mask = (b1 & 0x80) != 0 ? 4 : 0;
                if (inbound.readableBytes() < header + mask + len) {
                    return;
                }
                byte[] payload = new byte[(int) len];
                inbound.getBytes(start + header + mask, payload);
                for (int i = 0; mask != 0 && i < payload.length; i++) {
                    payload[i] ^= inbound.getByte(start + header + (i & 3));
                }
                inbound.readerIndex(start + header + mask + (int) len);
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    stats.closeAckMicros = EpochMicros.now();
                    ctx.close();
                    return;
                } else if (opcode == 0x9) {
                    ByteBuf pong = ctx.alloc().buffer(payload.length + 2);
                    WireFrames.writeFrame(pong, 0xA, payload);
                    ctx.writeAndFlush(pong);
                }
            }
            inbound.discardReadBytes();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pacer != null) {
                pacer.cancel(false);
            }
            if (request != null) {
                request.release();
            }
            if (inbound != null) {
                inbound.release();
            }
            if (stats != null) {
                if (!closeSent) {
                    stats.framesWritten = next;
                }
                stats.done.complete(stats);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                System.err.println("source: " + cause);
            }
            ctx.close();
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
