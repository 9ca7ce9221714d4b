package dev.blackbox.recorder.local;

import java.util.List;
import java.util.function.Consumer;

/**
 * The prompts {@code blackbox run} was given, sent one at a time: the first once the worker has
 * answered {@code initialize}, each next one after the {@code result} of the one before. After the
 * last result the worker's stdin is closed (it then exits), unless the session is to stay open.
 * Without prompts the session stays open. On the recorder's event loop.
 */
final class PromptScript {

    private final List<String> prompts;
    private final boolean keepOpen;
    private final Consumer<String> send;
    private final Runnable finish;
    private int next;
    private boolean awaitingResult;

    /** @param send sends one prompt, and calls {@link #notDelivered()} if it could not */
    PromptScript(List<String> prompts, boolean keepOpen, Consumer<String> send, Runnable finish) {
        this.prompts = List.copyOf(prompts);
        this.keepOpen = keepOpen;
        this.send = send;
        this.finish = finish;
    }

    void initialized() {
        advance();
    }

    void result() {
        if (awaitingResult) {
            awaitingResult = false;
            advance();
        }
    }

    /** The prompt in flight never reached the worker: no result will come for it. */
    void notDelivered() {
        result();
    }

    private void advance() {
        if (next < prompts.size()) {
            awaitingResult = true;
            send.accept(prompts.get(next++));
        } else if (!keepOpen && !prompts.isEmpty()) {
            finish.run();
        }
    }
}
