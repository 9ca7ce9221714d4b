package dev.blackbox.journal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of the test class path in another JVM, with this JVM's module flags (Chronicle
 * needs them) and extra JVM options; its stderr goes to ours. Shared with other modules' tests through
 * this module's test jar.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    public static Process start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    public static Process start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("--enable-native")
                    || arg.startsWith("--sun-misc")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
