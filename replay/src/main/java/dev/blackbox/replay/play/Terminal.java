package dev.blackbox.replay.play;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stdout / stderr are terminals (Java 17 has no direct way: Linux's /proc tells, else the console). */
public final class Terminal {

    private Terminal() {
    }

    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    /** Colour unless NO_COLOR is set (https://no-color.org) or TERM is dumb. */
    public static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }
}
