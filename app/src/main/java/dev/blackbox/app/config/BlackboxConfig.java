package dev.blackbox.app.config;

import dev.blackbox.audit.Age;
import dev.blackbox.console.ConsoleSettings;
import dev.blackbox.console.login.ConsoleToken;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The configuration as typed records, validated once at start: a wrong value is one message that
 * names its key and says what is expected.
 */
public record BlackboxConfig(Journal journal, Session session, Reconnect reconnect, Permissions permissions,
                             Cluster cluster, Console console, Metrics metrics, Notify notifications, Retention retention) {

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

    public record Console(String host, int port, String token, String user, int maxMessageBytes) {

        /** The console's settings over the journal root; it writes the root's access log as the journals are written. */
        public ConsoleSettings settings(Journal journal) {
            return settings(journal.dir()).withLogOptions(journal.options());
        }

        /** The console's settings; an empty {@code console.token} generates one. */
        public ConsoleSettings settings(Path journalRoot) {
            ConsoleToken login = token == null || token.isBlank() ? ConsoleToken.generate() : ConsoleToken.configured(token);
            return new ConsoleSettings(host, port, login, user, journalRoot,
                    ConsoleSettings.DEFAULT_POLL_MILLIS, ConsoleSettings.DEFAULT_HISTORY_ITEMS, maxMessageBytes);
        }
    }

    /** {@code /metrics}, {@code /health} and {@code /readiness} on {@code host:port} when enabled (0: any free port). */
    public record Metrics(boolean enabled, String host, int port) {
    }

    /** One webhook: where to POST and the secret that signs the body (null: unsigned). Its toString never shows the secret. */
    public record Webhook(URI url, String secret) {
        @Override
        public String toString() {
            return url + (secret == null ? " (unsigned)" : " (signed)");
        }
    }

    /** Notifications of permission requests: the webhooks, redaction of their input summaries, the console link, retries. */
    public record Notify(List<Webhook> webhooks, List<String> redact, URI consoleUrl, int attempts, Duration retryDelay,
                         Duration timeout) {
    }

    /**
     * Retention (README "Retention"): {@code olderThan} is the age past which {@code blackbox prune} deletes a
     * journal when it is given no rule of its own (null: no default rule); {@code interval}, how often a running
     * console prunes by that rule by itself (null: never).
     */
    public record Retention(Duration olderThan, Duration interval) {
    }

    public static BlackboxConfig from(JsonObject json) {
        return from(json, System.getenv());
    }

    /** @param env where {@code notify.webhooks[].secretEnv} names are looked up */
    public static BlackboxConfig from(JsonObject json, Map<String, String> env) {
        JsonObject j = section(json, "journal");
        JsonObject s = section(json, "session");
        JsonObject r = section(json, "reconnect");
        JsonObject p = section(json, "permissions");
        JsonObject c = section(json, "cluster");
        JsonObject k = section(json, "console");
        JsonObject m = section(json, "metrics");
        JsonObject n = section(json, "notify");
        JsonObject t = section(json, "retention");
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
                new Console(str(k, "console.host"), port(k, "console.port"), str(k, "console.token"), str(k, "console.user"),
                        positiveInt(k, "console.maxMessageBytes")),
                new Metrics(bool(m, "metrics.enabled"), host(m, "metrics.host"), port(m, "metrics.port")),
                notify(n, env),
                retention(t));
    }

    private static Retention retention(JsonObject t) {
        String age = str(t, "retention.olderThan").trim();
        String every = str(t, "retention.interval").trim();
        Duration olderThan = age.isEmpty() ? null : Age.parse("config key 'retention.olderThan'", age);
        Duration interval = every.isEmpty() ? null : Age.parse("config key 'retention.interval'", every);
        if (interval != null && olderThan == null) {
            throw new IllegalArgumentException("config key 'retention.interval' is set but retention.olderThan is empty: "
                    + "say how old a journal must be to be pruned");
        }
        return new Retention(olderThan, interval);
    }

    private static Notify notify(JsonObject n, Map<String, String> env) {
        List<Webhook> hooks = new ArrayList<>();
        Object list = n.getValue("webhooks");
        JsonArray items = list instanceof JsonArray a ? a
                : list instanceof String csv && !csv.isBlank() ? new JsonArray(List.of((Object[]) csv.split(","))) : new JsonArray();
        for (int i = 0; i < items.size(); i++) {
            String key = "notify.webhooks[" + i + "]";
            Object item = items.getValue(i);
            JsonObject hook = item instanceof JsonObject o ? o : new JsonObject().put("url", String.valueOf(item).trim());
            for (String field : hook.fieldNames()) {
                if (!List.of("url", "secret", "secretEnv").contains(field)) {
                    throw new IllegalArgumentException("config key '" + key + "." + field + "': unknown key (url, secret, secretEnv)");
                }
            }
            URI url = url(hook.getValue("url") == null ? "" : String.valueOf(hook.getValue("url")), key + ".url");
            String secret = hook.getValue("secret") instanceof String s && !s.isEmpty() ? s : null;
            if (hook.getValue("secretEnv") instanceof String var && !var.isBlank()) {
                secret = env.get(var);
                if (secret == null || secret.isEmpty()) {
                    throw new IllegalArgumentException("config key '" + key + ".secretEnv': environment variable " + var + " is not set");
                }
            }
            hooks.add(new Webhook(url, secret));
        }
        List<String> redact = new ArrayList<>();
        if (n.getValue("redact") instanceof JsonArray patterns) {
            for (Object p : patterns) {
                try {
                    Pattern.compile(String.valueOf(p));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("config key 'notify.redact' has '" + p + "': not a regex (" + e.getDescription() + ")");
                }
                redact.add(String.valueOf(p));
            }
        }
        String console = str(n, "notify.consoleUrl");
        int attempts = (int) Math.max(1, Math.min(100, number(n, "notify.attempts", 5)));
        return new Notify(List.copyOf(hooks), List.copyOf(redact), console.isBlank() ? null : url(n, "notify.consoleUrl"),
                attempts, duration(n, "notify.retryDelay"), duration(n, "notify.timeout"));
    }

    private static long number(JsonObject o, String path, long otherwise) {
        Object v = o.getValue(leaf(path));
        if (v == null) {
            return otherwise;
        }
        try {
            return v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected a whole number");
        }
    }

    private static JournalOptions journalOptions(JsonObject j) {
        String key = str(j, "journal.signingKey");
        String witness = str(j, "journal.witness");
        return JournalOptions.defaults()
                .withMinFreeBytes(bytes(j, "journal.minFreeBytes"))
                .withSigningKey(key.isBlank() ? null : Path.of(key))
                .withCheckpointEvery(count(j, "journal.checkpointEvery"))
                .withCheckpointInterval(duration(j, "journal.checkpointInterval"))
                .withWitness(witness.isBlank() ? null : Path.of(witness))
                .withDurability(JournalOptions.Durability.parse(str(j, "journal.durability")));
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB)");

    /** A size: a number of bytes, or a number with KiB, MiB or GiB. */
    private static long bytes(JsonObject o, String path) {
        String v = str(o, path).trim();
        Matcher m = SIZE.matcher(v);
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
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected true or false");
    }

    private static String host(JsonObject o, String path) {
        String v = str(o, path).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("config key '" + path + "' is empty: expected an address such as 127.0.0.1");
        }
        return v;
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

    private static int positiveInt(JsonObject o, String path) {
        Object v = o.getValue(leaf(path));
        try {
            int n = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + path + "' is '" + v + "': expected a positive whole number");
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
        return url(str(o, path), path);
    }

    private static URI url(String v, String path) {
        try {
            URI uri = new URI(v);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(v, "not http(s)");
            }
            return uri;
        } catch (URISyntaxException e) {
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
