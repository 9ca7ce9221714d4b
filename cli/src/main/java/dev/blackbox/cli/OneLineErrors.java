package dev.blackbox.cli;

import dev.blackbox.journal.JournalException;
import picocli.CommandLine;

/**
 * Bad input gets one line saying what is wrong and how to mend it, never a stack trace.
 * {@link UsageError}, {@link JournalException} and {@link IllegalArgumentException} are the
 * operator's to fix (exit 2); anything else is ours (exit 3, with a hint to rerun with BLACKBOX_DEBUG=1).
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int USAGE = 2;
    static final int INTERNAL = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (System.getenv("BLACKBOX_DEBUG") != null) {
            ex.printStackTrace();
        }
        if (ex instanceof UsageError || ex instanceof JournalException || ex instanceof IllegalArgumentException) {
            cl.getErr().println("blackbox: " + ex.getMessage());
            return ex instanceof UsageError u ? u.exitCode() : USAGE;
        }
        cl.getErr().println("blackbox: internal error: " + ex + " (rerun with BLACKBOX_DEBUG=1 for details)");
        return INTERNAL;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("blackbox: " + oneLine(ex.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        return USAGE;
    }

    /**
     * picocli's message as one clean line: some start with "Error: " (argument groups), which after
     * "blackbox: " says it twice; some span lines.
     */
    static String oneLine(String message) {
        String m = message == null ? "bad usage" : message.strip().replaceAll("\\s*\\R\\s*", " ");
        return m.regionMatches(true, 0, "Error: ", 0, 7) ? m.substring(7) : m;
    }
}
