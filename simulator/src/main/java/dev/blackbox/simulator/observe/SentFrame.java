package dev.blackbox.simulator.observe;

import java.nio.charset.StandardCharsets;

/**
 * A frame the simulator wrote to one subscriber: exactly the text (or bytes) handed to the socket.
 *
 * @param connection the subscribe attempt it went to ({@link SubscribeAttempt#connection()})
 * @param text       the text frame, or null for a binary frame
 * @param binary     the binary frame, or null for a text frame
 */
public record SentFrame(long connection, String text, byte[] binary) {

    public boolean isBinary() {
        return binary != null;
    }

    /** The frame as bytes on the wire (UTF-8 for a text frame). */
    public byte[] bytes() {
        return binary != null ? binary.clone() : text.getBytes(StandardCharsets.UTF_8);
    }
}
