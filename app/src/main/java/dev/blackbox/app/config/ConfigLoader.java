package dev.blackbox.app.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.Locale;

/**
 * Loads configuration with vertx-config: the documented defaults (config/blackbox.yaml, shipped in
 * the jar), then an optional file, then BLACKBOX_* environment variables, then flags. Environment
 * names are derived from the keys of the defaults, so every documented key has one.
 */
public final class ConfigLoader {

    public static final String DEFAULTS = "config/blackbox.yaml";

    private ConfigLoader() {
    }

    public static Future<JsonObject> load(Vertx vertx, Path file, Map<String, String> env, JsonObject flags) {
        if (file != null && !Files.isRegularFile(file)) {
            return Future.failedFuture(new IllegalArgumentException("config file " + file + " does not exist"));
        }
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0)
                .addStore(yaml(DEFAULTS));
        if (file != null) {
            options.addStore(file.toString().endsWith(".json")
                    ? new ConfigStoreOptions().setType("file").setFormat("json")
                    .setConfig(new JsonObject().put("path", file.toString()))
                    : yaml(file.toString()));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
                .recover(e -> Future.failedFuture(new IllegalArgumentException(
                        "cannot read configuration" + (file == null ? "" : " from " + file) + ": " + rootMessage(e))))
                .compose(base -> {
                    retriever.close();
                    return file == null ? Future.succeededFuture(base)
                            : defaults(vertx).compose(defaults -> {
                                KnownKeys.check(defaults, base); // a file may only set the documented keys
                                return Future.succeededFuture(base);
                            });
                })
                .map(base -> {
                    JsonObject merged = base.copy();
                    deepMerge(merged, fromEnv(base, env));
                    deepMerge(merged, flags);
                    return merged;
                });
    }

    /** The documented defaults alone (config/blackbox.yaml in the jar). */
    static Future<JsonObject> defaults(Vertx vertx) {
        ConfigRetriever retriever = ConfigRetriever.create(vertx,
                new ConfigRetrieverOptions().setScanPeriod(0).addStore(yaml(DEFAULTS)));
        return retriever.getConfig().onComplete(ar -> retriever.close());
    }

    /**
     * For command-line clients, off any event loop: loads and validates the configuration with a
     * short-lived Vert.x. The file is {@code file}, else {@code $BLACKBOX_CONFIG}, else none.
     */
    public static BlackboxConfig loadNow(Path file, JsonObject flags) {
        Path chosen = file != null ? file : configFileFromEnv();
        Vertx vertx = Vertx.vertx();
        try {
            return BlackboxConfig.from(load(vertx, chosen, System.getenv(), flags).await());
        } finally {
            vertx.close();
        }
    }

    /** {@code $BLACKBOX_CONFIG}, when set. */
    public static Path configFileFromEnv() {
        String env = System.getenv("BLACKBOX_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    private static ConfigStoreOptions yaml(String path) {
        return new ConfigStoreOptions().setType("file").setFormat("yaml").setConfig(new JsonObject().put("path", path));
    }

    /** BLACKBOX_JOURNAL_DIR=x -> {journal:{dir:x}}, for every key the defaults define. */
    static JsonObject fromEnv(JsonObject defaults, Map<String, String> env) {
        JsonObject out = new JsonObject();
        for (String section : defaults.fieldNames()) {
            Object v = defaults.getValue(section);
            if (!(v instanceof JsonObject keys)) {
                continue;
            }
            for (String key : keys.fieldNames()) {
                String name = "BLACKBOX_" + envPart(section) + "_" + envPart(key);
                String value = env.get(name);
                if (value != null) {
                    Object typed = keys.getValue(key) instanceof Boolean ? (Object) Boolean.valueOf(value)
                            : keys.getValue(key) instanceof Number ? parseNumber(name, value)
                            : keys.getValue(key) instanceof JsonArray
                            ? new JsonArray(List.of((Object[]) value.split(",")))
                            : value;
                    out.put(section, out.getJsonObject(section, new JsonObject()).put(key, typed));
                }
            }
        }
        return out;
    }

    static String envPart(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Object parseNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a number");
        }
    }

    static void deepMerge(JsonObject target, JsonObject source) {
        if (source == null) {
            return;
        }
        for (String key : source.fieldNames()) {
            Object value = source.getValue(key);
            if (value instanceof JsonObject obj && target.getValue(key) instanceof JsonObject existing) {
                deepMerge(existing, obj);
            } else {
                target.put(key, value);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
