package io.gatewarden.api;

import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonLifecycle;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.IncidentType;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real headless Chromium against the real daemon: the fixture-02 429 storm is appended to the
 * watched log, the daemon opens the incident and the breaker and switches the primary in a copy of openclaw.json,
 * and the test reads what the browser SHOWS — rendered text, element geometry, SVG points — not the JSON behind it.
 * Ends with a screenshot: {@code target/status-page.png} on every run; the README's {@code docs/status-page.png} when
 * it is missing or with {@code -Dgatewarden.update-screenshot=true}.
 */
@QuarkusTest
@TestProfile(StatusPageProfile.class)
class StatusPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Every run writes here; the committed copy in docs/ is rewritten only when asked (keeps the work tree clean). */
    static final Path SCREENSHOT = Path.of("target/status-page.png");
    static final Path README_SCREENSHOT = Path.of("docs/status-page.png");
    static final String UPDATE_SCREENSHOT = "gatewarden.update-screenshot";
    static final String RL = "fakeoa/rl-429";

    @Inject DaemonLifecycle lifecycle;

    @TestHTTPResource("/")
    URL root;

    /** Everything the page shows that the test checks, read in one script run so no refresh can interleave. */
    private static final String READ_PAGE = """
            const text = (n) => n ? n.innerText.trim() : '';
            const rows = [...document.querySelectorAll('#chain tr.rung')].map((r) => ({
              ref: r.getAttribute('data-ref'), role: r.getAttribute('data-role'),
              breaker: r.querySelector('td.breaker').getAttribute('data-breaker'),
              breakerText: text(r.querySelector('td.breaker')), text: text(r) }));
            const timeline = [...document.querySelectorAll('#timeline .tl-row[data-type]')].map((r) => ({
              type: r.getAttribute('data-type'), state: r.getAttribute('data-state'),
              label: text(r.querySelector('.tl-label')),
              barWidth: r.querySelector('.bar').getBoundingClientRect().width }));
            const actions = [...document.querySelectorAll('#actions tr.action')].map((r) => ({
              action: r.getAttribute('data-action'), outcome: r.getAttribute('data-outcome'), text: text(r) }));
            const charts = [...document.querySelectorAll('#rates svg.rate-chart')].map((s) => ({
              provider: s.getAttribute('data-provider'),
              points: s.querySelectorAll('circle.point').length,
              line: [...s.querySelectorAll('polyline.rate-line')].map((p) => p.getAttribute('points')).join(' ').trim(),
              width: s.getBoundingClientRect().width }));
            return { loaded: document.body.getAttribute('data-loaded'), overall: text(document.getElementById('overall-word')),
              switchBanner: document.getElementById('switch-banner').hidden ? '' : text(document.getElementById('switch-banner')),
              connError: document.getElementById('conn-error').hidden ? '' : text(document.getElementById('conn-error')),
              rows: rows, timeline: timeline, actions: actions, charts: charts, rates: text(document.getElementById('rates')), load: text(document.getElementById('load')),
              sessions: text(document.getElementById('sessions')),
              images: document.images.length, xss: window.__xss === 1 };
            """;

    @AfterAll
    static void forgetLab() {
        System.clearProperty(StatusPageLab.CONFIG_PROPERTY);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pageShowsTheChainTheIncidentTheActionAndTheErrorRates() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: /usr/bin/chromium is not installed (apt-get install -y chromium chromium-driver; .ci/run does this)");
        assertThat(CHROMEDRIVER).as("chromium is installed but /usr/bin/chromedriver is not: apt-get install -y chromium-driver")
                .isExecutable();

        StatusPageLab lab = StatusPageLab.get();
        Daemon daemon = await().atMost(Duration.ofSeconds(20)).until(() -> lifecycle.daemon().orElse(null), d -> d != null);
        await().atMost(Duration.ofSeconds(20)).until(() -> !daemon.tailer().stats().files().isEmpty());

        // the gateway's 429 storm on the primary, then the cascade to the fallbacks (fixture 02)
        lab.append(Files.readAllLines(StatusPageLab.FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl")));
        await().atMost(Duration.ofSeconds(30)).until(() -> daemon.breakers().isModelOpen(RL)
                && daemon.incidents().open().stream().anyMatch(i -> i.type() == IncidentType.PROVIDER_RATE_LIMITED));
        await().atMost(Duration.ofSeconds(30)).until(() -> !RL.equals(primaryIn(lab.openclawJson())));
        // the gateway confirms the edit, as OpenClaw does within a second
        lab.append(List.of(StatusPageLab.reloadApplied("agents.defaults.model.primary")));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                daemon.journal().recent(50).stream().anyMatch(e -> "confirmed".equals(e.outcome())));
        String newPrimary = primaryIn(lab.openclawJson());
        List<String> expectedRungs = new ArrayList<>(List.of(RL, newPrimary));
        Json5Editor.valueAt(Files.readString(lab.openclawJson()), "agents.defaults.model.fallbacks")
                .forEach(f -> expectedRungs.add(f.textValue()));

        WebDriver browser = startBrowser();
        try {
            browser.get(root.toString());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Object> page = (Map<String, Object>) js.executeScript(READ_PAGE);
                assertThat(page.get("loaded")).as("page finished a refresh").isEqualTo("true");
                assertThat((String) page.get("connError")).as("connection error banner").isEmpty();

                // the chain, rungs in order: the switched-away primary first, then the config's chain
                List<Map<String, Object>> rows = (List<Map<String, Object>>) page.get("rows");
                assertThat(rows).extracting(r -> r.get("ref")).containsExactlyElementsOf(expectedRungs);
                Map<String, Object> rl = rows.get(0);
                assertThat(rl.get("role")).isEqualTo("switched_away");
                assertThat(rl.get("breaker")).isEqualTo("open");
                assertThat((String) rl.get("breakerText")).contains("BLOCKED").contains("rate_limit");
                assertThat((String) rl.get("text")).contains("original primary");
                assertThat((String) rows.get(1).get("text")).contains("primary: every run starts here");
                Map<String, Object> anthropic = rows.stream().filter(r -> "anthropic/claude-sonnet-4-5".equals(r.get("ref")))
                        .findFirst().orElseThrow();
                assertThat((String) anthropic.get("text")).as("credentials finding of the keyless rung")
                        .contains("BROKEN").contains("no credentials");
                assertThat((String) page.get("switchBanner")).contains("from " + RL + " to " + newPrimary);
                assertThat(page.get("overall")).isIn("ACTION NEEDED", "DEGRADED");

                // the incident on the timeline, with a visible bar
                List<Map<String, Object>> timeline = (List<Map<String, Object>>) page.get("timeline");
                assertThat(timeline).filteredOn(t -> "provider_rate_limited".equals(t.get("type"))).singleElement()
                        .satisfies(t -> {
                            assertThat(t.get("state")).isEqualTo("open");
                            assertThat((String) t.get("label")).contains("Provider rate-limited").contains(RL);
                            assertThat(((Number) t.get("barWidth")).doubleValue()).isGreaterThan(0);
                        });

                // the switch as an action row, confirmed by the gateway
                List<Map<String, Object>> actions = (List<Map<String, Object>>) page.get("actions");
                assertThat(actions).filteredOn(a -> "switch_primary".equals(a.get("action")) && "confirmed".equals(a.get("outcome")))
                        .singleElement().satisfies(a -> assertThat((String) a.get("text"))
                                .contains(RL + " → " + newPrimary).contains("done: the gateway applied it"));

                // the error-rate chart: points for the storm's minute on the rate-limited provider
                List<Map<String, Object>> charts = (List<Map<String, Object>>) page.get("charts");
                assertThat(charts).filteredOn(c -> "fakeoa".equals(c.get("provider"))).singleElement().satisfies(c -> {
                    assertThat(((Number) c.get("points")).intValue()).isGreaterThanOrEqualTo(1);
                    assertThat((String) c.get("line")).matches("[0-9.]+,[0-9.]+( [0-9.]+,[0-9.]+)*");
                    assertThat(((Number) c.get("width")).doubleValue()).isGreaterThan(100);
                });
                assertThat((String) page.get("rates")).contains("fakeoa").containsPattern("last hour: \\d+ of \\d+");
                // the sessions card: no session under pressure in this storm
                assertThat((String) page.get("sessions")).isEqualTo("No session under pressure or acted on.");
            });
            screenshot(browser);

            // calls per source, last 24 h: a heartbeat run as the real gateway logs it (fixture 21's lines), now
            lab.append(io.gatewarden.load.FirstIncidentLoadTest.instance(io.gatewarden.load.FirstIncidentLoadTest.heartbeat(),
                    java.time.Instant.now(), null));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Object> page = (Map<String, Object>) js.executeScript(READ_PAGE);
                assertThat((String) page.get("load")).contains("main heartbeat").contains("heartbeat").contains("% background");
            });

            // a provider name made of markup, straight from a log line, is shown as text and never runs
            lab.append(List.of(StatusPageLab.hostileFetch()));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Map<String, Object> page = (Map<String, Object>) js.executeScript(READ_PAGE);
                assertThat((String) page.get("rates")).contains("<img/src=x/onerror=window.__xss=1>");
                assertThat(page.get("images")).isEqualTo(0L);
                assertThat(page.get("xss")).isEqualTo(false);
            });
        } finally {
            browser.quit();
        }
    }

    private static WebDriver startBrowser() throws Exception {
        Path profile = Files.createTempDirectory("statuspage-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--hide-scrollbars", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        return new ChromeDriver(service, options);
    }

    /** The whole page, for the README: the window is grown to the page's height first. */
    private static void screenshot(WebDriver browser) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long height = ((Number) js.executeScript("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        browser.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, Math.max(800, height))));
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        if (Boolean.getBoolean(UPDATE_SCREENSHOT) || !Files.exists(README_SCREENSHOT)) {
            Files.createDirectories(README_SCREENSHOT.getParent());
            Files.write(README_SCREENSHOT, png);
        }
    }

    private static String primaryIn(Path openclawJson) throws Exception {
        return Json5Editor.valueAt(Files.readString(openclawJson), "agents.defaults.model.primary").textValue();
    }
}
