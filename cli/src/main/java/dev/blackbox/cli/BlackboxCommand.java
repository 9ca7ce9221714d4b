package dev.blackbox.cli;

import dev.blackbox.journal.JournalRecord;
import java.util.Arrays;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code blackbox} command. Each subcommand is a small class of its own; this one only wires
 * them together and turns every failure into one line on stderr with a documented exit code.
 */
@Command(name = "blackbox",
        mixinStandardHelpOptions = true,
        versionProvider = BlackboxCommand.Version.class,
        description = "A flight recorder for live coding-agent sessions, remote and local.",
        subcommands = {
                SessionsCommand.class,
                StateCommand.class,
                ReplayCommand.class,
                ExportCommand.class,
                VerifyCommand.class,
                AccessCommand.class,
                PruneCommand.class,
                KeygenCommand.class,
                WitnessCommand.class,
                RecordCommand.class,
                RunCommand.class,
                PermissionsCommand.class,
                ConsoleCommand.class,
                SendCommand.class,
                InterruptCommand.class,
                DemoCommand.class,
                SimulateCommand.class,
                AutoComplete.GenerateCompletion.class,
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
        if (args.length > 0 && args[0].equals(ClaudePassthrough.NAME)) { // bin/blackbox-claude: every other argument is the CLI's
            System.exit(ClaudePassthrough.run(Arrays.copyOfRange(args, 1, args.length)));
        }
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
        // Vert.x Micrometer registers some of its gauges twice on purpose (it shares their values); Micrometer warns
        if (System.getProperty("org.slf4j.simpleLogger.log.io.micrometer.core.instrument.MeterRegistry") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.micrometer.core.instrument.MeterRegistry", "error");
        }
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new BlackboxCommand());
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new OneLineErrors());
        // picocli's own subcommands: the same help habits as ours (a one-sentence summary, exit codes)
        CommandLine.Model.UsageMessageSpec completion = cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage();
        completion.description(
                "Print a bash/zsh completion script for blackbox.",
                "Put the blackbox launcher (bin/blackbox) on the PATH, then for the current shell:",
                "  source <(blackbox generate-completion)",
                "For every new bash shell, add that line to ~/.bashrc (or write the script to "
                        + "/etc/bash_completion.d/blackbox). In zsh, first add to ~/.zshrc:",
                "  autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit");
        exitCodes(completion, "0:the script was printed");
        CommandLine.Model.UsageMessageSpec help = cl.getSubcommands().get("help").getCommandSpec().usageMessage();
        help.header(new String[0]); // the command list shows a header over the description: let it show the summary below
        help.description("Show the help of a command.",
                "'blackbox help COMMAND' is 'blackbox COMMAND --help'; without a command, the list of commands.");
        exitCodes(help, "0:the help was shown", "2:bad usage: an unknown command");
        return cl;
    }

    private static void exitCodes(CommandLine.Model.UsageMessageSpec usage, String... codes) {
        Map<String, String> list = new LinkedHashMap<>();
        for (String code : codes) {
            int colon = code.indexOf(':');
            list.put(code.substring(0, colon), code.substring(colon + 1));
        }
        usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BlackboxCommand.class.getPackage().getImplementationVersion();
            return new String[]{"blackbox " + (v == null ? "dev" : v) + " (journal format " + JournalRecord.FORMAT_VERSION + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
