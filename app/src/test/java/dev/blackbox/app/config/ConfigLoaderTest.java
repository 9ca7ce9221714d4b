package dev.blackbox.app.config;

import dev.blackbox.journal.JournalOptions;
import dev.blackbox.recorder.remote.ReconnectMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {

    @Test
    @DisplayName("Defaults come from config/blackbox.yaml, then a file, then BLACKBOX_* variables, then flags")
    void precedence(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, "session:\n  orgUuid: from-file\n  baseUrl: http://127.0.0.1:9\nreconnect:\n  mode: upstream\n");
        Map<String, String> env = Map.of("BLACKBOX_SESSION_ORG_UUID", "from-env", "BLACKBOX_RECONNECT_GIVE_UP_AFTER", "PT1M");
        JsonObject flags = new JsonObject().put("journal", new JsonObject().put("dir", dir.toString()));
        ConfigLoader.load(vertx, file, env, flags).onComplete(ctx.succeeding(json -> ctx.verify(() -> {
            BlackboxConfig config = BlackboxConfig.from(json);
            assertThat(config.session().orgUuid()).isEqualTo("from-env");
            assertThat(config.session().baseUrl().toString()).isEqualTo("http://127.0.0.1:9");
            assertThat(config.reconnect().mode()).isEqualTo(ReconnectMode.UPSTREAM);
            assertThat(config.reconnect().giveUpAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.reconnect().pingInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.journal().dir()).isEqualTo(dir);
            assertThat(config.cluster().host()).isEqualTo("127.0.0.1");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("A bad value is one message that names the key and what is expected")
    void badValueNamesKey(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, null, Map.of("BLACKBOX_RECONNECT_WATCHDOG", "sixty"), new JsonObject())
                .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
                    assertThatThrownBy(() -> BlackboxConfig.from(json))
                            .hasMessage("config key 'reconnect.watchdog' is 'sixty': expected a positive ISO-8601 duration such as PT30S or PT10M");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("The journal keys: reserve, signing key, checkpoint cadence and witness, with documented defaults")
    void journalKeys(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) {
        Map<String, String> env = Map.of("BLACKBOX_JOURNAL_MIN_FREE_BYTES", "8MiB", "BLACKBOX_JOURNAL_CHECKPOINT_EVERY", "50",
                "BLACKBOX_JOURNAL_WITNESS", dir.resolve("w.jsonl").toString(), "BLACKBOX_JOURNAL_DURABILITY", "checkpoint");
        ConfigLoader.load(vertx, null, Map.of(), new JsonObject()).compose(defaults -> {
            JournalOptions d = BlackboxConfig.from(defaults).journal().options();
            ctx.verify(() -> {
                assertThat(d.minFreeBytes()).isEqualTo(64L << 20);
                assertThat(d.signingKey()).isNull();
                assertThat(d.checkpointEvery()).isEqualTo(1000);
                assertThat(d.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
                assertThat(d.witness()).isNull();
                assertThat(d.durability()).isEqualTo(JournalOptions.Durability.PAGE_CACHE);
            });
            return ConfigLoader.load(vertx, null, env, new JsonObject());
        }).onComplete(ctx.succeeding(json -> ctx.verify(() -> {
            JournalOptions o = BlackboxConfig.from(json).journal().options();
            assertThat(o.minFreeBytes()).isEqualTo(8L << 20);
            assertThat(o.checkpointEvery()).isEqualTo(50);
            assertThat(o.witness()).isEqualTo(dir.resolve("w.jsonl"));
            assertThat(o.durability()).isEqualTo(JournalOptions.Durability.CHECKPOINT);
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("journal.strict is gone: a config that still sets it is told so, by name")
    void strictRemoved(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, "journal:\n  strict: false\n");
        ConfigLoader.load(vertx, file, Map.of(), new JsonObject()).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(e).hasMessageStartingWith("config key 'journal.strict' is no longer supported: a recorder always stops");
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("A bad journal durability is one message naming the key and the choices")
    void badDurability(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, null, Map.of("BLACKBOX_JOURNAL_DURABILITY", "fsync-always"), new JsonObject())
                .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
                    assertThatThrownBy(() -> BlackboxConfig.from(json))
                            .hasMessage("config key 'journal.durability' is 'fsync-always': expected page-cache or checkpoint");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A bad journal size is one message naming the key")
    void badSize(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, null, Map.of("BLACKBOX_JOURNAL_MIN_FREE_BYTES", "lots"), new JsonObject())
                .onComplete(ctx.succeeding(json -> ctx.verify(() -> {
                    assertThatThrownBy(() -> BlackboxConfig.from(json))
                            .hasMessage("config key 'journal.minFreeBytes' is 'lots': expected a size such as 67108864, 512KiB or 64MiB");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A missing config file is refused by name")
    void missingFile(Vertx vertx, VertxTestContext ctx) {
        ConfigLoader.load(vertx, Path.of("/nonexistent/blackbox.yaml"), Map.of(), new JsonObject())
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).hasMessage("config file /nonexistent/blackbox.yaml does not exist");
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("An unknown key in a config file is refused with its path and the nearest valid key")
    void unknownKeys(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
        Path misspelt = Files.writeString(dir.resolve("misspelt.yaml"), "journal:\n  dirr: /tmp/j\n");
        Path bogus = Files.writeString(dir.resolve("bogus.yaml"), "topbogus: 1\n");
        ConfigLoader.load(vertx, misspelt, Map.of(), new JsonObject())
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(e).hasMessageStartingWith("journal.dirr: unknown key; did you mean journal.dir?");
                    ConfigLoader.load(vertx, bogus, Map.of(), new JsonObject()).onComplete(ctx.failing(e2 -> ctx.verify(() -> {
                        assertThat(e2).hasMessageStartingWith("topbogus: unknown key");
                        ctx.completeNow();
                    })));
                })));
    }

    @Test
    @DisplayName("notify.webhooks: a file lists {url, secretEnv}, the environment may list URLs; a bad URL or an unset secret variable names the key")
    void webhooks(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("hooks.yaml"), "notify:\n  webhooks:\n    - url: https://hooks.example/a\n"
                + "      secretEnv: HOOK_SECRET\n    - url: http://127.0.0.1:9/b\n  consoleUrl: https://console.example\n");
        ConfigLoader.load(vertx, file, Map.of(), new JsonObject()).onComplete(ctx.succeeding(json -> ctx.verify(() -> {
            BlackboxConfig config = BlackboxConfig.from(json, Map.of("HOOK_SECRET", "s3cret"));
            assertThat(config.notifications().webhooks()).extracting(BlackboxConfig.Webhook::toString)
                    .containsExactly("https://hooks.example/a (signed)", "http://127.0.0.1:9/b (unsigned)");
            assertThat(config.notifications().webhooks().get(0).secret()).isEqualTo("s3cret");
            assertThat(config.notifications().redact()).isNotEmpty();
            assertThatThrownBy(() -> BlackboxConfig.from(json, Map.of()))
                    .hasMessage("config key 'notify.webhooks[0].secretEnv': environment variable HOOK_SECRET is not set");
            ConfigLoader.load(vertx, null, Map.of("BLACKBOX_NOTIFY_WEBHOOKS", "https://x.example/1,ftp://nope"), new JsonObject())
                    .onComplete(ctx.succeeding(env -> ctx.verify(() -> {
                        assertThatThrownBy(() -> BlackboxConfig.from(env, Map.of()))
                                .hasMessage("config key 'notify.webhooks[1].url' is 'ftp://nope': expected http(s)://host[:port]");
                        ctx.completeNow();
                    })));
        })));
    }
}
