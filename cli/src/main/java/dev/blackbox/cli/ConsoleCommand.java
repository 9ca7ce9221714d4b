package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.app.retention.RetentionVerticle;
import dev.blackbox.audit.Age;
import dev.blackbox.console.ConsoleSettings;
import dev.blackbox.console.ConsoleVerticle;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serve the web console.",
                "Live sessions, transcripts and permission answers in a browser. Listens on 127.0.0.1 unless configured "
                        + "otherwise and prints the URL to open (with a generated token in it, unless console.token is configured).",
                "The page reaches the event bus through a SockJS bridge: it answers the sessions recorded in this process "
                        + "('record --console') or, with --cluster, those of every recorder in the cluster. Transcripts and "
                        + "the sessions list come from the journals under --journal.",
                "Each session shows its journal's integrity (sealed, live, unsealed, torn tail, tampered), and each page's "
                        + "first view of a session is recorded in the access log under the console's user "
                        + "('blackbox access'). With retention.interval set, the console also prunes by retention.olderThan "
                        + "at start and every interval, as 'blackbox prune' does (never with --force)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by SIGINT/SIGTERM",
                "2:bad usage: a wrong option or config value, the port is taken, the cluster cannot be joined"})
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", description = "Port (config console.port; default 8090; 0: any free port).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (config console.host; default 127.0.0.1).")
    String host;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root whose sessions are shown (config journal.dir).")
    Path journal;

    @Option(names = "--user", paramLabel = "NAME", description = "Name the console's decisions are journaled under (config console.user; default console).")
    String user;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws Exception {
        try (BlackboxRuntime runtime = BlackboxRuntime.serve(config, metrics.applyTo(cluster.applyTo(flags(), false)))) {
            ConsoleSettings settings = runtime.config.console().settings(runtime.config.journal());
            Blackbox blackbox;
            try {
                blackbox = Blackbox.start(runtime.vertx, Blackbox.Plan.record(List.of()).withConsole(settings)
                        .withMetrics(runtime.config.metrics())).await();
            } catch (Exception e) { // await() rethrows the cause as is, BindException included
                throw new UsageError(e.getMessage().startsWith("cannot serve metrics") ? e.getMessage()
                        : "cannot start the console on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
            }
            ConsoleVerticle console = blackbox.console();
            BlackboxConfig.Retention retention = runtime.config.retention();
            if (retention.interval() != null) {
                runtime.vertx.deployVerticle(new RetentionVerticle(settings.journalRoot(), retention.olderThan(), retention.interval(),
                        Who.name(null), runtime.config.journal().options(), line -> System.err.println("blackbox: " + line))).await();
                System.err.println("blackbox: pruning journals older than " + Age.describe(retention.olderThan()) + " every "
                        + Age.describe(retention.interval()) + " (retention.interval)");
            }
            MetricsOptions.announce(blackbox, System.err);
            System.err.println("blackbox: console for the journals in " + settings.journalRoot()
                    + (runtime.config.cluster().enabled() ? ", cluster '" + runtime.config.cluster().name() + "'" : "")
                    + ", deciding as '" + settings.user() + "'; Ctrl-C stops");
            System.out.println(settings.token().generated()
                    ? "Open " + console.loginUrl()
                    : "Open " + console.loginUrl() + " and log in with console.token");
            System.out.flush();
            SignalStop.install().await();
            return 0;
        }
    }

    private JsonObject flags() {
        JsonObject section = new JsonObject();
        if (port != null) {
            section.put("port", port);
        }
        if (host != null) {
            section.put("host", host);
        }
        if (user != null) {
            section.put("user", user);
        }
        JsonObject flags = new JsonObject();
        if (!section.isEmpty()) {
            flags.put("console", section);
        }
        if (journal != null) {
            flags.put("journal", new JsonObject().put("dir", journal.toString()));
        }
        return flags;
    }
}
