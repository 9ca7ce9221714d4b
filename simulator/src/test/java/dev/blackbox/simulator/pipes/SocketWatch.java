package dev.blackbox.simulator.pipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Watches which IP endpoints a process and its children talk to, from {@code /proc}: every few
 * milliseconds it maps the sockets among their open file descriptors to the kernel's TCP and UDP
 * tables and notes each connected peer ({@code 127.0.0.1:PORT}, {@code 93.184.215.14:443 tcp}, …).
 * Linux only; a connection shorter than the poll interval can slip through, which is why the tests
 * also route any HTTP proxying to a tripwire.
 */
public final class SocketWatch implements AutoCloseable {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");

    private final long rootPid;
    private final Set<String> peers = new ConcurrentSkipListSet<>();
    private final Thread poller;
    private volatile boolean running = true;

    private SocketWatch(long rootPid) {
        this.rootPid = rootPid;
        this.poller = new Thread(this::poll, "socket-watch-" + rootPid);
        poller.setDaemon(true);
        poller.start();
    }

    public static SocketWatch of(long pid) {
        return new SocketWatch(pid);
    }

    /** Every peer seen so far, as {@code ip:port proto}. */
    public Set<String> peers() {
        return new TreeSet<>(peers);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(1_000);
    }

    private void poll() {
        while (running) {
            try {
                scan();
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException ignored) {
                // a process of the tree ended between two reads; the next round sees the rest
            }
        }
    }

    private void scan() throws IOException {
        ProcessHandle root = ProcessHandle.of(rootPid).orElse(null);
        if (root == null || !root.isAlive()) {
            return;
        }
        Set<String> inodes = new HashSet<>();
        Stream.concat(Stream.of(root), root.descendants()).forEach(p -> inodes.addAll(socketInodes(p.pid())));
        if (inodes.isEmpty()) {
            return;
        }
        for (String table : TABLES) {
            Path file = Path.of("/proc", Long.toString(rootPid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> rows = Files.readAllLines(file);
            for (String row : rows.subList(1, rows.size())) {
                String[] col = row.trim().split("\\s+");
                if (col.length > 9 && inodes.contains(col[9])) {
                    String remote = endpoint(col[2]);
                    if (!remote.endsWith(":0")) {
                        peers.add(remote + " " + table);
                    }
                }
            }
        }
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            });
        } catch (IOException ignored) {
            // the process ended
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} → {@code 127.0.0.1:8080}; IPv6 as its 8 groups, IPv4-mapped as IPv4. */
    static String endpoint(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String addr = parts[0];
        StringBuilder ip = new StringBuilder();
        if (addr.length() == 8) {
            for (int i = 3; i >= 0; i--) {
                ip.append(Integer.parseInt(addr.substring(i * 2, i * 2 + 2), 16)).append(i > 0 ? "." : "");
            }
            return ip + ":" + port;
        }
        byte[] bytes = new byte[16];
        for (int word = 0; word < 4; word++) {
            for (int b = 0; b < 4; b++) { // each 32-bit word is little-endian
                bytes[word * 4 + b] = (byte) Integer.parseInt(addr.substring(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
            }
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= bytes[i] == 0;
        }
        if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff) + ":" + port;
        }
        for (int i = 0; i < 16; i += 2) {
            ip.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(i < 14 ? ":" : "");
        }
        return "[" + ip + "]:" + port;
    }
}
