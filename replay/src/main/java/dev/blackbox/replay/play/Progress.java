package dev.blackbox.replay.play;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr while a large session is exported (only when stderr is a terminal). */
public final class Progress {

    public static final Progress NONE = new Progress(null, 0);
    private static final long EVERY_NANOS = 200_000_000L;

    private final PrintStream err;
    private final long total;
    private long lastDraw;
    private boolean drawn;

    public Progress(PrintStream err, long total) {
        this.err = err;
        this.total = total;
    }

    public void at(long seq) {
        if (err == null || total <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < EVERY_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double f = Math.min(1.0, seq / (double) total);
        int width = 30;
        int full = (int) (f * width);
        err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %,d / %,d entries", "#".repeat(full),
                " ".repeat(width - full), (int) (f * 100), seq, total));
        err.flush();
    }

    public void done() {
        if (drawn) {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
