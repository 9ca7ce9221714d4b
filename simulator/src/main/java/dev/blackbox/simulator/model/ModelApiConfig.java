package dev.blackbox.simulator.model;

/**
 * Where the scripted Messages API listens and how a {@code [[stall]]} answer streams: one word every
 * {@code stallTickMillis}, {@code stallWords} words in all (default: 600 × 100 ms, a minute).
 */
public record ModelApiConfig(String host, int port, long stallTickMillis, int stallWords) {

    public static ModelApiConfig loopback() {
        return new ModelApiConfig("127.0.0.1", 0, 100, 600);
    }

    public ModelApiConfig withPort(int port) {
        return new ModelApiConfig(host, port, stallTickMillis, stallWords);
    }

    public ModelApiConfig withStall(long tickMillis, int words) {
        return new ModelApiConfig(host, port, tickMillis, words);
    }
}
