package dev.blackbox.console;

import dev.blackbox.console.login.ConsoleToken;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;

/** A console on 127.0.0.1 (any port) with a known token, and the login a browser would do. */
public final class ConsoleFixture {

    public static final String TOKEN = "console-test-token-0123456789";
    public static final String USER = "alice";

    public final Vertx vertx;
    public final ConsoleVerticle console;
    private final WebClient http;

    private ConsoleFixture(Vertx vertx, ConsoleVerticle console) {
        this.vertx = vertx;
        this.console = console;
        this.http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    }

    public static ConsoleSettings settings(Path journalRoot) {
        return new ConsoleSettings("127.0.0.1", 0, ConsoleToken.configured(TOKEN), USER, journalRoot, 10, 5_000);
    }

    /** Deploys the console verticle alone (no projection); call from the test thread, not an event loop. */
    public static ConsoleFixture start(Vertx vertx, Path journalRoot) {
        return start(vertx, settings(journalRoot));
    }

    public static ConsoleFixture start(Vertx vertx, ConsoleSettings settings) {
        ConsoleVerticle console = new ConsoleVerticle(settings);
        vertx.deployVerticle(console).await();
        return new ConsoleFixture(vertx, console);
    }

    public int port() {
        return console.port();
    }

    public HttpResponse<Buffer> get(String uri, String cookie) {
        var request = http.get(port(), "127.0.0.1", uri);
        if (cookie != null) {
            request.putHeader(HttpHeaders.COOKIE.toString(), cookie);
        }
        return request.send().await();
    }

    /** Logs in with the token; returns the cookie as a browser would send it back ({@code name=value}). */
    public String login() {
        HttpResponse<Buffer> response = get("/login?token=" + TOKEN, null);
        if (response.statusCode() != 303) {
            throw new AssertionError("login answered " + response.statusCode());
        }
        return response.getHeader(HttpHeaders.SET_COOKIE.toString()).split(";", 2)[0];
    }
}
