package dev.blackbox.recorder.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream on a thread of its own and cuts it into lines of raw bytes ({@code \n} removed,
 * everything else kept, so a line is exactly what crossed the pipe); a last line without its
 * newline is handed over as it is, marked unterminated.
 */
final class LineReader {

    interface Sink {
        /** One line; {@code terminated} is false only for a last line the stream ended without a newline. */
        void line(byte[] line, boolean terminated);

        /** The stream ended (or failed): no more lines. */
        void end();
    }

    private LineReader() {
    }

    static Thread start(String name, InputStream in, Sink sink) {
        Thread t = new Thread(() -> read(in, sink), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void read(InputStream in, Sink sink) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        sink.line(line.toByteArray(), true);
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
            }
        } catch (IOException e) {
            // the process went away or the pipe broke: what was read is handed over below
        }
        if (line.size() > 0) {
            sink.line(line.toByteArray(), false);
        }
        sink.end();
    }
}
