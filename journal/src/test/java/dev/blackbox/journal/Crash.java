package dev.blackbox.journal;

import java.lang.reflect.Method;

/** Leaves a journal as a writer killed between two appends does: unsealed, its lock released. */
final class Crash {

    private Crash() {
    }

    static void abandon(SessionJournal journal) {
        try {
            Method releaseAll = SessionJournal.class.getDeclaredMethod("releaseAll");
            releaseAll.setAccessible(true);
            releaseAll.invoke(journal);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
