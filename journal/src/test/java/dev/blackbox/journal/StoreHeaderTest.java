package dev.blackbox.journal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The store header's dataFormat, read the way Chronicle reads it back (QueueFile.dataFormat). */
class StoreHeaderTest {

    /** The body of a real journal's store header (Chronicle 2026.4): the SCQStore marshallable ends with dataFormat 1. */
    static final String REAL = "b906686561646572b60853435153746f726582aa000000cd7772697465506f736974696f6e8e01000000008d0200000000"
            + "000000020000000000000060900100000000004a00000060900100c8696e646578696e67b60c53435153496e646578696e67824c000000ca"
            + "696e646578436f756e74a50010cc696e64657853706163696e67a50001cb696e64657832496e6465788fa7c800000000000000c96c617374"
            + "496e6465788e00000000a70001000000000000ca64617461466f726d6174a101";

    /**
     * An attacker's: the marshallable shortened to end with a value without its name ({@code a1 00}, which Chronicle
     * reads as dataFormat 0, unaligned), and a decoy {@code dataFormat 1} after it, which Chronicle never reads.
     */
    static final String DECOY = "b906686561646572b60853435153746f7265829f000000cd7772697465506f736974696f6e8e01000000008d020000000000"
            + "00000200000000000000c4920100000000004c000000c4920100c8696e646578696e67b60c53435153496e646578696e67824c000000ca69"
            + "6e646578436f756e74a50010cc696e64657853706163696e67a50001cb696e64657832496e6465788fa7c800000000000000c96c61737449"
            + "6e6465788e00000000a70001000000000000a100ca64617461466f726d6174a1018f";

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    @DisplayName("A real header says dataFormat 1; the same with its value 0 says 0; a nameless value with a decoy after the marshallable says neither")
    void readAsChronicleReadsIt() {
        assertThat(QueueFile.dataFormat(hex(REAL))).isEqualTo(1);
        assertThat(QueueFile.dataFormat(hex(REAL.substring(0, REAL.length() - 2) + "00"))).isEqualTo(0);
        assertThat(QueueFile.dataFormat(hex(DECOY))).isEqualTo(-1);
        assertThat(QueueFile.dataFormat(hex(REAL + "8f8f00"))).as("padding after the marshallable is fine").isEqualTo(1);
        assertThat(QueueFile.dataFormat(hex(REAL + "ca64617461466f726d6174a101"))).as("a second field after it is not").isEqualTo(-1);
    }
}
