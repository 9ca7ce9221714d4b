package dev.blackbox.recorder.config;

import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.recorder.session.ReconnectMode;
import dev.blackbox.recorder.session.ReconnectTimings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The configuration as typed records, validated once at start: a wrong value is one message that
 * names its key and says what is expected.
 */
public record BlackboxConfig(Journal journal, Session session, Reconnect reconnect, Permissions permissions,
                             Cluster cluster, Console console) {

    /** {@code options}: how the journal writes (reserve, signing key, checkpoints, witness); see JOURNAL.md. */
    public record Journal(Path dir, JournalOptions options) {
    }

    public record Session(URI baseUrl, String orgUuid, String tokenEnv, Path tokenFile, boolean viewerOnly) {
    }

    public record Reconnect(ReconnectMode mode, Duration giveUpAfter, Duration backoffMax, Duration pingInterval,
                            Duration watchdog, Duration compactingWatchdog) {

        public ReconnectTimings timings() {
            ReconnectTimings u = ReconnectTimings.upstream();
            return new ReconnectTimings(u.reconnectDelayMs(), u.maxReconnectAttempts(), u.notFoundBaseDelayMs(),
                    u.maxNotFoundRetries(), pingInterval.toMillis(), u.forcedReconnectDelayMs(), watchdog.toMillis(),
                    compactingWatchdog.toMillis(), backoffMax.toMillis(), giveUpAfter.toMillis());
        }
    }

    public record Permissions(Path policy) {
    }

    public record Cluster(boolean enabled, String host, int port, List<String> members, String name) {
    }

    public record Console(String host, int port, String token, String user) {
    }

    public static BlackboxConfig from(JsonObject json) {
        JsonObject j = section(json, "journal");
        JsonObject s = section(json, "session");
        JsonObject r = section(json, "reconnect");
        JsonObject p = section(json, "permissions");
        JsonObject c = section(json, "cluster");
        JsonObject k = section(json, "console");
        String dir = str(j, "journal.dir");
        String tokenFile = str(s, "session.tokenFile");
        String policy = str(p, "permissions.policy");
        return new BlackboxConfig(
                new Journal(dir.isBlank() ? JournalFiles.defaultRoot() : Path.of(dir), journalOptions(j)),
                new Session(url(s, "session.baseUrl"), str(s, "session.orgUuid"), str(s, "session.tokenEnv"),
                        tokenFile.isBlank() ? null : Path.of(tokenFile), bool(s, "session.viewerOnly")),
                new Reconnect(mode(r), duration(r, "reconnect.giveUpAfter"), duration(r, "reconnect.backoffMax"),
                        duration(r, "reconnect.pingInterval"), duration(r, "reconnect.watchdog"),
                        duration(r, "reconnect.compactingWatchdog")),
                new Permissions(policy.isBlank() ? null : Path.of(policy)),
                new Cluster(bool(c, "cluster.enabled"), str(c, "cluster.host"), port(c, "cluster.port"),
                        members(c), str(c, "cluster.name")),
                new Console(str(k, "console.host"), port(k, "console.port"), str(k, "console.token"), str(k, "console.user")));
    }

    private static JournalOptions journalOptions(JsonObject j) {
        if (j.containsKey("strict")) {
            throw new IllegalArgumentException("config key 'journal.strict' is no longer supported: a recorder always stops"
                    + " when its journal cannot be written (JOURNAL.md); remove the key");
        }
        String key = str(j, "journal.signingKey");
        String witness = str(j, "journal.witness");
        return JournalOptions.defaults()
                .withMinFreeBytes(bytes(j, "journal.minFreeBytes"))
                .withSigningKey(key.isBlank() ? null : Path.of(key))
                .withCheckpointEvery(count(j, "journal.checkpointEvery"))
                .withCheckpointInterval(duration(j, "journal.checkpointInterval"))
                .withWitness(witness.isBlank() ? null : Path.of(witness));
    }

    /** A size: a number of bytes, or a number with KiB, MiB or GiB. */
    private static long bytes(JsonObject o, String path) {
        String v = str(o, path).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected a size such as 67108864, 512KiB or 64MiB");
        }
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        return Long.parseLong(m.group(1)) << shift;
    }

    private static long count(JsonObject o, String path) {
        String v = str(o, path).trim();
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected a whole number of 1 or more");
        }
    }

    private static JsonObject section(JsonObject json, String name) {
        Object v = json.getValue(name);
        if (v == null) {
            return new JsonObject();
        }
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException("config key '" + name + "' must be a section (a map of keys)");
        }
        return o;
    }

    private static String leaf(String path) {
        return path.substring(path.indexOf('.') + 1);
    }

    private static String str(JsonObject o, String path) {
        Object v = o.getValue(leaf(path));
        return v == null ? "" : v.toString();
    }

    private static boolean bool(JsonObject o, String path) {
        Object v = o.getValue(leaf(path));
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null) {
            return false;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected true or false");
    }

    private static int port(JsonObject o, String path) {
        Object v = o.getValue(leaf(path));
        try {
            int port = v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected a port number 0-65535");
        }
    }

    private static Duration duration(JsonObject o, String path) {
        String v = str(o, path);
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", v, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v
                    + "': expected a positive ISO-8601 duration such as PT30S or PT10M");
        }
    }

    private static URI url(JsonObject o, String path) {
        String v = str(o, path);
        try {
            URI uri = new URI(v);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new java.net.URISyntaxException(v, "not http(s)");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected http(s)://host[:port]");
        }
    }

    private static ReconnectMode mode(JsonObject r) {
        try {
            return ReconnectMode.parse(str(r, "reconnect.mode"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config key 'reconnect.mode': " + e.getMessage());
        }
    }

    private static List<String> members(JsonObject c) {
        Object v = c.getValue("members");
        if (v instanceof JsonArray a) {
            return a.stream().map(String::valueOf).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
        if (v instanceof String s) {
            return List.of(s.split(",")).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
        return List.of("127.0.0.1");
    }
}
