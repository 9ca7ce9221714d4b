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

    /** Opens a reader of what a writer recorded in {@code dir}, from the first entry. */
    Reader openReader(Path dir) throws IOException;

    interface Writer extends AutoCloseable {

        void append(FrameCorpus.Frame frame) throws IOException;

        /** Pushes out whatever the writer buffers in the heap; part of the timed append phase. */
        default void flush() throws IOException {
        }

        @Override
        void close() throws IOException;
    }

    interface Reader extends AutoCloseable {

        /**
         * Reads the next entry the way a reader of this format would (copying its payload out, or
         * parsing its line) and checks its sequence number; false at the end.
         */
        boolean next() throws IOException;

        @Override
        void close() throws IOException;
    }
}
