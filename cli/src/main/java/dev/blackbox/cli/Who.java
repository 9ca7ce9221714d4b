package dev.blackbox.cli;

import picocli.CommandLine.Option;

/** {@code --by NAME}: who is acting, for the journal; without it, the login name. */
final class Who {

    @Option(names = "--by", paramLabel = "NAME", description = "Who is acting, as journaled (default: $USER).")
    String by;

    String name() {
        return name(by);
    }

    static String name(String by) {
        if (by != null && !by.isBlank()) {
            return by;
        }
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
    }
}
