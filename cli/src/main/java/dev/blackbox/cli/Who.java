package dev.blackbox.cli;

/** Who is acting, for the journal: an explicit --by, else the login name. */
final class Who {

    private Who() {
    }

    static String name(String by) {
        if (by != null && !by.isBlank()) {
            return by;
        }
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "unknown") : user;
    }
}
