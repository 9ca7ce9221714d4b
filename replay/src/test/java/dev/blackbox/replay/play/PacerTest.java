package dev.blackbox.replay.play;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {

    @Test
    @DisplayName("Pauses are kept as recorded, divided by the speed, and capped at the idle limit first")
    void asciinemaSemantics() {
        Pacer p = new Pacer(2, 5);
        assertThat(p.dueMicros(1_000_000)).isZero();
        assertThat(p.dueMicros(3_000_000)).isEqualTo(1_000_000);          // 2 s pause at 2x: 1 s
        assertThat(p.dueMicros(63_000_000)).isEqualTo(3_500_000);         // 60 s pause capped at 5 s, at 2x: 2.5 s
        assertThat(p.dueMicros(63_000_000)).isEqualTo(3_500_000);         // no pause
        Pacer unlimited = new Pacer(1, 0);
        unlimited.dueMicros(0);
        assertThat(unlimited.dueMicros(3_600_000_000L)).isEqualTo(3_600_000_000L);
    }

    @Test
    @DisplayName("A speed that is not a positive number is refused with a clear message")
    void badSpeed() {
        assertThatThrownBy(() -> new Pacer(0, 0)).hasMessageContaining("--speed must be a positive number");
        assertThatThrownBy(() -> new Pacer(Double.NaN, 0)).hasMessageContaining("--speed");
    }
}
