package dev.blackbox.console.bridge;

import dev.blackbox.bus.Addresses;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's addresses, the bridge's rules and the Java constants are one list: the page gets its
 * addresses module generated from {@link Addresses}, uses no name that module lacks, and the bridge
 * lets each one through in the direction the page uses it.
 */
class PageAddressesTest {

    /** Addresses the page sends to (request/reply) or receives from (publish). */
    private static final Set<String> PAGE_SENDS = Set.of("PERMISSIONS_PENDING", "SESSIONS_LIST", "HISTORY", "WHOAMI");

    @Test
    @DisplayName("Every address name the page's scripts use is in the generated addresses module")
    void pageUsesOnlyGeneratedNames() throws Exception {
        Set<String> exported = new TreeSet<>();
        Matcher m = Pattern.compile("export const (\\w+)").matcher(Addresses.javaScript());
        while (m.find()) {
            exported.add(m.group(1));
        }
        Set<String> used = new TreeSet<>();
        for (Path script : scripts()) {
            Matcher u = Pattern.compile("\\bA\\.(\\w+)").matcher(Files.readString(script, StandardCharsets.UTF_8));
            while (u.find()) {
                used.add(u.group(1));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);
        assertThat(exported).containsExactlyInAnyOrderElementsOf(new TreeSet<>(Stream.concat(
                Addresses.forThePage().keySet().stream(), Addresses.perSessionForThePage().keySet().stream()).toList()));
    }

    @Test
    @DisplayName("The bridge lets each of the page's addresses through in the direction the page uses it, and no other way")
    void bridgeMatchesThePage() {
        SockJSBridgeOptions rules = BridgeRules.options();
        Addresses.forThePage().forEach((name, address) -> {
            boolean sends = PAGE_SENDS.contains(name);
            assertThat(permits(rules.getInboundPermitteds(), address)).as("page -> bus " + name).isEqualTo(sends);
            assertThat(permits(rules.getOutboundPermitteds(), address)).as("bus -> page " + name).isEqualTo(!sends);
        });
        Addresses.perSessionForThePage().forEach((name, address) -> {
            String a = address.apply("session_01AbC");
            boolean sends = !name.equals("frames");
            assertThat(permits(rules.getInboundPermitteds(), a)).as("page -> bus " + name).isEqualTo(sends);
            assertThat(permits(rules.getOutboundPermitteds(), a)).as("bus -> page " + name).isEqualTo(!sends);
            assertThat(permits(rules.getInboundPermitteds(), address.apply("../x"))).as(name + " with a bad session id").isFalse();
        });
    }

    private static boolean permits(List<PermittedOptions> permitted, String address) {
        return permitted.stream().anyMatch(p -> address.equals(p.getAddress())
                || (p.getAddressRegex() != null && address.matches(p.getAddressRegex())));
    }

    private static List<Path> scripts() throws IOException, URISyntaxException {
        URL app = PageAddressesTest.class.getResource("/dev/blackbox/console/webroot/js/app.js");
        assertThat(app).as("the page's scripts on the class path").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(app.toURI()).getParent())) {
            return files.filter(p -> p.toString().endsWith(".js")).toList();
        }
    }
}
