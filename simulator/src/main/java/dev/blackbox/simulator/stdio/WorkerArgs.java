package dev.blackbox.simulator.stdio;

import java.util.List;
import java.util.Set;

/**
 * The part of Claude Code's command line the stand-in acts on; every other flag is accepted and
 * ignored, as a host may pass any (the known value-taking ones are skipped with their value).
 */
record WorkerArgs(boolean version, boolean printMode, String prompt, String inputFormat, String outputFormat,
                  String permissionPromptTool, boolean partialMessages, String model, String sessionId) {

    private static final Set<String> TAKES_VALUE = Set.of("--model", "--fallback-model", "--max-turns", "--max-budget-usd",
            "--permission-mode", "--resume", "--allowedTools", "--allowed-tools", "--disallowedTools", "--disallowed-tools",
            "--tools", "--mcp-config", "--setting-sources", "--settings", "--add-dir", "--agent", "--betas", "--json-schema",
            "--debug-file", "--effort", "--max-thinking-tokens", "--append-system-prompt", "--system-prompt",
            "--plugin-dir", "--resume-session-at", "--task-budget");

    static WorkerArgs parse(List<String> args) {
        boolean version = false;
        boolean print = false;
        boolean partial = false;
        String prompt = null;
        String input = "text";
        String output = "text";
        String promptTool = null;
        String model = "claude-opus-5-5";
        String sessionId = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            boolean needsValue = Set.of("--input-format", "--output-format", "--permission-prompt-tool", "--model",
                    "--session-id").contains(flag) || TAKES_VALUE.contains(flag);
            if (needsValue && value == null) {
                value = i + 1 < args.size() ? args.get(++i) : "";
            }
            switch (flag) {
                case "-v", "--version" -> version = true;
                case "-p", "--print" -> print = true;
                case "--include-partial-messages" -> partial = true;
                case "--input-format" -> input = value;
                case "--output-format" -> output = value;
                case "--permission-prompt-tool" -> promptTool = value;
                case "--model" -> model = value;
                case "--session-id" -> sessionId = value;
                default -> {
                    if (!arg.startsWith("-") && prompt == null) {
                        prompt = arg;
                    }
                }
            }
        }
        return new WorkerArgs(version, print, prompt, input, output, promptTool, partial, model, sessionId);
    }

    boolean asksOverStdio() {
        return "stdio".equals(permissionPromptTool);
    }
}
