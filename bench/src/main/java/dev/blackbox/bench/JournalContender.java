package dev.blackbox.bench;

import java.io.IOException;
import java.nio.file.Path;

/** One way of recording frames to disk that the journal benchmark puts side by side with the others. */
interface JournalContender {

    /** Short name used on the command line ({@code --only}). */
    String name();

    /** What the table calls it. */
    String label();

    /** Opens a writer that records into {@code dir}, an empty directory of its own. */
    Writer openWriter(Path dir) throws IOException;

    /**
     * Reads back everything a writer recorded in {@code dir}, in order, the way a reader of this format
     * would (copying each payload out or parsing each line), and returns how many entries it read.
     */
    long readAll(Path dir) throws IOException;

    interface Writer extends AutoCloseable {

        void append(FrameCorpus.Frame frame) throws IOException;

        /** Pushes out whatever the writer buffers in the heap; part of the timed append phase. */
        default void flush() throws IOException {
        }

        @Override
        void close() throws IOException;
    }
}
