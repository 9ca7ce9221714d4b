package dev.blackbox.cli;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * SIGINT and SIGTERM ask for an orderly stop (RECORDING_STOPPED is journaled, exit 0) instead of
 * the JVM's abrupt exit: the latch opens and the command's main thread does the rest.
 */
final class SignalStop {

    private SignalStop() {
    }

    static CountDownLatch install() {
        CountDownLatch latch = new CountDownLatch(1);
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> latch.countDown());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform: the JVM's default handling applies
            }
        }
        return latch;
    }
}
