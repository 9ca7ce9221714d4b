package dev.blackbox.bench;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.recorder.session.SessionMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.TimeUnit;

/**
 * What the meters cost per frame on the recorder's hot path (JMH): the two {@code System.nanoTime()}
 * reads around the append, the append histogram, the by-type counter and the bytes counter, on a
 * Prometheus registry ({@code on}) and without one ({@code off}: metrics not enabled; no clock read
 * then), against the bare clock reads. Run with the GC profiler: the per-frame path must not allocate.
 *
 * <pre>java -jar bench/target/blackbox-bench.jar meters [JMH options, e.g. -f 1 -wi 3 -i 5]</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class MetersBench {

    /** The mix of a real session, roughly: mostly stream events, then assistant and user messages. */
    private static final String[] TYPES = {"stream_event", "stream_event", "stream_event", "assistant", "stream_event",
            "user", "stream_event", "system"};

    @Param({"on", "off"})
    public String meters;

    private SessionMeters sessionMeters;
    private int next;

    @Setup
    public void setUp() {
        sessionMeters = SessionMeters.of(meters.equals("on") ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null, "bench");
    }

    /** One frame's worth of metering: time the append (nothing appended here), count the frame and its bytes. */
    @Benchmark
    public void perFrame() {
        long started = sessionMeters.appendStarts();
        sessionMeters.appended(EntryKind.FRAME_RECEIVED, started);
        sessionMeters.received(TYPES[next++ & 7], 420);
    }

    /** Its parts: the append histogram alone (with the clock reads)... */
    @Benchmark
    public void appendTimerOnly() {
        long started = sessionMeters.appendStarts();
        sessionMeters.appended(EntryKind.FRAME_RECEIVED, started);
    }

    /** ...and the by-type and bytes counters alone. */
    @Benchmark
    public void countersOnly() {
        sessionMeters.received(TYPES[next++ & 7], 420);
    }

    /** The baseline: the two clock reads alone. */
    @Benchmark
    public long clockReadsOnly() {
        long started = System.nanoTime();
        return System.nanoTime() - started;
    }

    public static void main(String[] args) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().include(MetersBench.class.getName() + ".*").addProfiler(GCProfiler.class);
        if (args.length > 0) {
            options = new OptionsBuilder().parent(new org.openjdk.jmh.runner.options.CommandLineOptions(args))
                    .include(MetersBench.class.getName() + ".*").addProfiler(GCProfiler.class);
        }
        new Runner(options.build()).run();
    }
}
