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
 * thread's time on a CPU and waiting for one. A sample every {@code intervalMs} on a daemon thread of the bench JVM; nothing is
 * added to the child.
 */
final class ProcSampler implements AutoCloseable {

    static final double TICK_MICROS = 10_000; // CLK_TCK is 100 on Linux

    record Sample(long micros, long cpuTicks, long systemTicks, long rssAnonKb, long rssFileKb, long vmHwmKb, long threads, long fds,
                  Map<String, long[]> threadTimes) {
    }

    /** One thread over a window: its share of a core running, and waiting for one (runnable, not running). */
    record ThreadUse(String name, double running, double waiting) {
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
            String stat = Files.readString(proc.resolve("stat"));
            long ticks = cpuTicks(stat);
            long system = systemTicks(stat);
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
            Map<String, long[]> threads = perThread ? threadTimes(proc) : Map.of();
            return new Sample(micros, ticks, system, status.getOrDefault("RssAnon", -1L), status.getOrDefault("RssFile", -1L),
                    status.getOrDefault("VmHWM", -1L), status.getOrDefault("Threads", -1L), fds, threads);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static long systemTicks(String stat) {
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
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

    /**
     * Per thread, keyed {@code tid name}: nanoseconds on a CPU and nanoseconds runnable but waiting for one
     * ({@code /proc/<pid>/task/<tid>/schedstat}): a thread starved by other processes shows as waiting.
     */
    private static Map<String, long[]> threadTimes(Path proc) throws IOException {
        Map<String, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    out.put(task.getFileName() + " " + name, new long[]{Long.parseLong(f[0]), Long.parseLong(f[1])});
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
        return (ticksAt(toMicros, false) - ticksAt(fromMicros, false)) * TICK_MICROS / 1e6;
    }

    /** The part of {@link #cpuSeconds} spent in the kernel (stime): system calls, page faults. */
    double systemSeconds(long fromMicros, long toMicros) {
        return (ticksAt(toMicros, true) - ticksAt(fromMicros, true)) * TICK_MICROS / 1e6;
    }

    private double ticksAt(long micros, boolean system) {
        List<Sample> all = samples();
        Sample before = null;
        for (Sample s : all) {
            if (s.micros() <= micros) {
                before = s;
            } else {
                if (before == null) {
                    return ticks(s, system);
                }
                double f = (double) (micros - before.micros()) / (s.micros() - before.micros());
                return ticks(before, system) + f * (ticks(s, system) - ticks(before, system));
            }
        }
        return before == null ? 0 : ticks(before, system);
    }

    private static long ticks(Sample s, boolean system) {
        return system ? s.systemTicks() : s.cpuTicks();
    }

    /** The {@code n} threads that ran the most between two times, busiest first. */
    List<ThreadUse> busiestThreads(long fromMicros, long toMicros, int n) {
        Sample a = after(fromMicros);
        Sample b = at(toMicros);
        if (a == null || b == null || b.micros() <= a.micros()) {
            return List.of();
        }
        double spanNanos = (b.micros() - a.micros()) * 1000.0;
        return b.threadTimes().entrySet().stream()
                .map(t -> {
                    long[] before = a.threadTimes().getOrDefault(t.getKey(), new long[2]);
                    return new ThreadUse(t.getKey().substring(t.getKey().indexOf(' ') + 1),
                            (t.getValue()[0] - before[0]) / spanNanos, (t.getValue()[1] - before[1]) / spanNanos);
                })
                .sorted((x, y) -> Double.compare(y.running(), x.running()))
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
