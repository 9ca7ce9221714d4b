package dev.blackbox.recorder.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a local worker: the CLI, its arguments, its working directory, and its environment
 * ({@code null}: exactly this process's own, which is what both {@code run} and {@code blackbox-claude}
 * give it; tests may give a whole one). The environment is never journaled or described.
 */
public record WorkerCommand(Path cli, List<String> args, Path cwd, Map<String, String> env) {

    /** How a host starts the worker (docs/stdio-protocol-notes.md). */
    public static final List<String> HOST_ARGV = List.of("-p", "--verbose", "--output-format", "stream-json",
            "--input-format", "stream-json", "--permission-prompt-tool", "stdio");
    public static final String PARTIAL_MESSAGES = "--include-partial-messages";

    /** Flags whose values may hold secrets (MCP servers' env and headers, settings' env): journaled by size only. */
    private static final Set<String> SECRET_VALUED = Set.of("--mcp-config", "--settings");

    public WorkerCommand {
        args = List.copyOf(args);
        env = env == null ? null : Map.copyOf(env);
    }

    /** The host's argv, {@code --include-partial-messages} when asked, then the user's own arguments. */
    public static List<String> hostArgs(boolean partialMessages, List<String> extra) {
        List<String> args = new ArrayList<>(HOST_ARGV);
        if (partialMessages) {
            args.add(PARTIAL_MESSAGES);
        }
        args.addAll(extra);
        return args;
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(args);
        return command;
    }

    /**
     * What RECORDING_STARTED says about the worker: the CLI, its version (when known), its arguments with
     * the values of {@code --mcp-config} and {@code --settings} replaced by their size, the working
     * directory. Never the environment.
     */
    Map<String, Object> describe(String version) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cli", cli.toString());
        if (version != null) {
            facts.put("version", version);
        }
        facts.put("argv", argvForJournal(args));
        facts.put("cwd", cwd.toString());
        return facts;
    }

    static List<String> argvForJournal(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean valuesOfSecretFlag = false;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0 && SECRET_VALUED.contains(arg.substring(0, eq))) {
                out.add(arg.substring(0, eq + 1) + redacted(arg.substring(eq + 1)));
                valuesOfSecretFlag = false;
            } else if (arg.startsWith("-")) {
                out.add(arg);
                valuesOfSecretFlag = SECRET_VALUED.contains(arg);
            } else {
                out.add(valuesOfSecretFlag ? redacted(arg) : arg); // --mcp-config takes several values
            }
        }
        return out;
    }

    private static String redacted(String value) {
        return "<not journaled: " + value.length() + " characters>";
    }
}
