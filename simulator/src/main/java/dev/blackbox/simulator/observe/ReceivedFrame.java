package dev.blackbox.simulator.observe;

/**
 * A frame a client sent over its subscription, as received. The one exception: the credential in
 * an {@code {"type":"auth",...}} frame is replaced by {@code "<redacted>"}; tokens are never kept.
 *
 * @param text   the text frame, or null for a binary frame
 * @param binary the binary frame, or null for a text frame
 */
public record ReceivedFrame(long connection, String text, byte[] binary) {

    public boolean isBinary() {
        return binary != null;
    }
}
