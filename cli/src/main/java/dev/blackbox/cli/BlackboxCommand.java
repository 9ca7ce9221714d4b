package dev.blackbox.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code blackbox} command. Each subcommand is a small class of its own; this one only wires
 * them together and turns every failure into one line on stderr with a documented exit code.
 */
@Command(name = "blackbox",
        mixinStandardHelpOptions = true,
        versionProvider = BlackboxCommand.Version.class,
        description = "A flight recorder for live remote coding-agent sessions.",
        subcommands = {
                SessionsCommand.class,
                StateCommand.class,
                ReplayCommand.class,
                VerifyCommand.class,
                KeygenCommand.class,
                RecordCommand.class,
                PermissionsCommand.class,
                ConsoleCommand.class,
                SendCommand.class,
                InterruptCommand.class,
                DemoCommand.class,
                SimulateCommand.class,
                CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:the check failed (for example verify found a tampered journal; verify documents its own codes)",
                "2:bad usage: a wrong argument, missing journal directory or unknown session",
                "3:an unexpected internal error (please report it)"
        })
public final class BlackboxCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args));
    }

    /** Must run before any Chronicle or Hazelcast class loads: no phoning home, no banners. */
    static void quietLibraries() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("chronicle.disk.monitor.disable", "true");
        System.setProperty("hazelcast.phone.home.enabled", "false");
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.setProperty("vertx.disableDnsResolver", "true");
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new BlackboxCommand());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BlackboxCommand.class.getPackage().getImplementationVersion();
            return new String[]{"blackbox " + (v == null ? "dev" : v) + " (journal format " + dev.blackbox.journal.JournalRecord.FORMAT_VERSION + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
