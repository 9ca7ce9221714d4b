package dev.blackbox.bench.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Watches a child process from outside, through {@code /proc/<pid>}: CPU time (utime + stime, in clock
 * ticks of 10 ms), peak and current resident memory split into anonymous (heap, native, stacks) and
 * file-backed (the mapped journal, the jar), threads, open file descriptors, and optionally each
 * thread's CPU time. A sample every {@code intervalMs} on a daemon thread of the bench JVM; nothing is
 * added to the child.
 */
final class ProcSampler implements AutoCloseable {

    static final double TICK_MICROS = 10_000; // CLK_TCK is 100 on Linux

    record Sample(long micros, long cpuTicks, long rssAnonKb, long rssFileKb, long vmHwmKb, long threads, long fds,
                  Map<String, Long> threadTicks) {
    }

    private final long pid;
    private final boolean perThread;
    private final int fdEvery;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** {@code fdEvery}: count the descriptors on every n-th sample only (a directory listing of thousands). */
    ProcSampler(long pid, long intervalMs, boolean perThread, int fdEvery) {
        this.pid = pid;
        this.perThread = perThread;
        this.fdEvery = fdEvery;
        this.thread = new Thread(() -> run(intervalMs), "proc-sampler-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(long intervalMs) {
        long n = 0;
        while (!stopped) {
            Sample s = sample(n++ % fdEvery == 0);
            if (s == null) {
                return; // the process is gone
            }
            synchronized (samples) {
                samples.add(s);
            }
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One sample now, or null when the process has exited. */
    Sample sample(boolean countFds) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            long micros = EpochMicros.now();
            long ticks = cpuTicks(Files.readString(proc.resolve("stat")));
            Map<String, Long> status = status(Files.readAllLines(proc.resolve("status")));
            long fds = -1;
            if (countFds) {
                fds = 0;
                try (DirectoryStream<Path> d = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path ignored : d) {
                        fds++;
                    }
                }
            }
            Map<String, Long> threads = perThread ? threadTicks(proc) : Map.of();
            return new Sample(micros, ticks, status.getOrDefault("RssAnon", -1L), status.getOrDefault("RssFile", -1L),
                    status.getOrDefault("VmHWM", -1L), status.getOrDefault("Threads", -1L), fds, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static Map<String, Long> status(List<String> lines) {
        Map<String, Long> out = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            String key = line.substring(0, colon);
            if (key.equals("VmHWM") || key.equals("RssAnon") || key.equals("RssFile") || key.equals("Threads")) {
                out.put(key, Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]));
            }
        }
        return out;
    }

    /** CPU ticks per thread, keyed {@code tid name}. */
    private static Map<String, Long> threadTicks(Path proc) throws IOException {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(task.getFileName() + " " + name, cpuTicks(stat));
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return out;
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The last sample taken at or before {@code micros} (the first one if none). */
    Sample at(long micros) {
        List<Sample> all = samples();
        Sample best = all.isEmpty() ? null : all.get(0);
        for (Sample s : all) {
            if (s.micros() <= micros) {
                best = s;
            }
        }
        return best;
    }

    /** The first sample taken at or after {@code micros} (the last one if none). */
    Sample after(long micros) {
        List<Sample> all = samples();
        for (Sample s : all) {
            if (s.micros() >= micros) {
                return s;
            }
        }
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** CPU seconds spent between two times, from the samples around them (interpolated). */
    double cpuSeconds(long fromMicros, long toMicros) {
        return (ticksAt(toMicros) - ticksAt(fromMicros)) * TICK_MICROS / 1e6;
    }

    private double ticksAt(long micros) {
        List<Sample> all = samples();
        Sample before = null;
        for (Sample s : all) {
            if (s.micros() <= micros) {
                before = s;
            } else {
                if (before == null) {
                    return s.cpuTicks();
                }
                double f = (double) (micros - before.micros()) / (s.micros() - before.micros());
                return before.cpuTicks() + f * (s.cpuTicks() - before.cpuTicks());
            }
        }
        return before == null ? 0 : before.cpuTicks();
    }

    /** The {@code n} threads that used the most CPU between two times: name and share of one core, busiest first. */
    List<Map.Entry<String, Double>> busiestThreads(long fromMicros, long toMicros, int n) {
        Sample a = after(fromMicros);
        Sample b = at(toMicros);
        if (a == null || b == null || b.micros() <= a.micros()) {
            return List.of();
        }
        double span = b.micros() - a.micros();
        return b.threadTicks().entrySet().stream()
                .map(t -> Map.entry(t.getKey().substring(t.getKey().indexOf(' ') + 1),
                        (t.getValue() - a.threadTicks().getOrDefault(t.getKey(), 0L)) * TICK_MICROS / span))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(n)
                .toList();
    }

    long peak(ToLongFunction<Sample> field) {
        long max = -1;
        for (Sample s : samples()) {
            max = Math.max(max, field.applyAsLong(s));
        }
        return max;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
