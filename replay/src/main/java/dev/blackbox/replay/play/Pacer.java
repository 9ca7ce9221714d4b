package dev.blackbox.replay.play;

/**
 * When each entry is due in a timed playback, asciinema-style: the recorded pauses, each one capped at
 * the idle limit, divided by the speed. Pure arithmetic over recorded timestamps; the CLI sleeps until
 * the due time, the {@code ReplayVerticle} sets a timer.
 */
public final class Pacer {

    private final double speed;
    private final long idleLimitMicros;
    private long previousTs = Long.MIN_VALUE;
    private double dueMicros;

    /**
     * @param speed            playback speed (2 = twice as fast); must be positive
     * @param idleLimitSeconds longest pause kept (0 or negative: no limit)
     */
    public Pacer(double speed, double idleLimitSeconds) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a positive number, not " + speed);
        }
        this.speed = speed;
        this.idleLimitMicros = idleLimitSeconds > 0 ? (long) (idleLimitSeconds * 1_000_000) : Long.MAX_VALUE;
    }

    /** Microseconds after the start of playback at which the entry recorded at {@code tsMicros} is due. */
    public long dueMicros(long tsMicros) {
        if (previousTs != Long.MIN_VALUE) {
            long pause = Math.min(Math.max(0, tsMicros - previousTs), idleLimitMicros);
            dueMicros += pause / speed;
        }
        previousTs = tsMicros;
        return (long) dueMicros;
    }
}
