package dev.blackbox.app;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named explicitly so Selenium
 * Manager never downloads anything. Missing browser or driver is a test failure that says how to
 * install them, never a skip: {@code ./test} (the test command CI runs) installs them.
 */
final class BrowserDriver {

    static final Path CHROMIUM = located("blackbox.chromium", "BLACKBOX_TEST_CHROMIUM", "/usr/bin/chromium");
    static final Path CHROMEDRIVER = located("blackbox.chromedriver", "BLACKBOX_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");

    private BrowserDriver() {
    }

    /** A system property, else the variable ./test exports, else Debian's path. */
    private static Path located(String property, String env, String debianPath) {
        String fromEnv = System.getenv(env);
        return Path.of(System.getProperty(property, fromEnv == null || fromEnv.isBlank() ? debianPath : fromEnv));
    }

    static ChromeDriver start(Path profile) {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("this test needs headless Chromium: %s or %s is missing; run the tests with ./test, "
                        + "which installs Debian's chromium and chromium-driver", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-quic", "--no-first-run", "--window-size=1280,1100",
                        "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Saves a PNG of the page as a build artifact. */
    static Path screenshot(ChromeDriver driver, Path target) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.getParent());
        return Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
