package dev.blackbox.recorder.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Claude Code CLI to start: the path given ({@code --cli}), else {@code $BLACKBOX_CLAUDE_CLI},
 * else {@code claude} on {@code PATH} as a shell would find it — never {@code self} ({@code blackbox-claude}
 * installed as {@code claude} must not start itself).
 */
public final class ClaudeCli {

    public static final String ENV = "BLACKBOX_CLAUDE_CLI";
    private static final Pattern VERSION = Pattern.compile("^(\\d+\\.\\d+\\.\\d+\\S*)");

    /** No usable CLI; the message says what was looked for and how to mend it. */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private ClaudeCli() {
    }

    /** @param self the real path of the command doing the looking up (blackbox-claude), or null */
    public static Path resolve(String explicit, Map<String, String> env, Path self) {
        if (explicit != null && !explicit.isBlank()) {
            return usable(explicit, "--cli", env, self);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return usable(fromEnv, ENV, env, self);
        }
        Path found = onPath("claude", env, self);
        if (found == null) {
            throw new NotFound("no Claude Code CLI: 'claude' is not on PATH" + (self == null ? "" : " (besides blackbox-claude itself)")
                    + "; install it, or set " + ENV + (self == null ? " or pass --cli PATH" : "") + " to its path");
        }
        return found;
    }

    private static Path usable(String given, String where, Map<String, String> env, Path self) {
        Path path = given.contains("/") ? Path.of(given) : onPath(given, env, self);
        if (path == null || !Files.exists(path)) {
            throw new NotFound("the Claude Code CLI '" + given + "' (" + where + ") does not exist");
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new NotFound("the Claude Code CLI '" + given + "' (" + where + ") is not an executable file");
        }
        if (isSelf(path, self)) {
            throw new NotFound(where + " names blackbox-claude itself (" + given + "): point it at the real claude");
        }
        return path.toAbsolutePath();
    }

    private static Path onPath(String name, Map<String, String> env, Path self) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && !isSelf(candidate, self)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    private static boolean isSelf(Path candidate, Path self) {
        if (self == null) {
            return false;
        }
        try {
            return candidate.toRealPath().equals(self.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The CLI's version as {@code CLI --version} prints it ({@code 2.1.330 (Claude Code)} → {@code 2.1.330}),
     * or null when it does not answer within a few seconds. Off the event loop: it starts a process.
     */
    public static String version(Path cli) {
        Path out = null;
        try {
            out = Files.createTempFile("blackbox-cli-version", ".txt");
            Process p = new ProcessBuilder(cli.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) { // a file, not a pipe: a CLI that hangs (or its children) cannot hold us
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return null;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(out)) {
                head = in.readNBytes(4096);
            }
            Matcher m = VERSION.matcher(new String(head, StandardCharsets.UTF_8).trim());
            return p.exitValue() == 0 && m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }
}
