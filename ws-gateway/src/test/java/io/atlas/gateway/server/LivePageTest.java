package io.atlas.gateway.server;

import io.atlas.catalog.Hop;
import io.atlas.events.MoveDirection;
import io.atlas.events.Prediction;
import io.atlas.events.PredictionOutcome;
import io.atlas.gateway.ops.GatewayHops;
import io.atlas.local.junit.WithKafka;
import io.atlas.local.kafka.KafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium opens the live page served by the gateway and sees predictions arrive and change, their latency
 * per hop, and the hit rate and log-loss of each model version whose outcomes were produced, beside the prior's and
 * the known optimum's on the same outcomes.
 */
@WithKafka
class LivePageTest {

    private static Fixtures fixtures;
    private static Gateway gateway;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        fixtures = new Fixtures(kafka);
        gateway = Fixtures.start(kafka, Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        fixtures.close();
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Prediction prediction(String symbol, MoveDirection direction, double pUp) {
        Prediction p = Fixtures.stampedHops(Fixtures.prediction(symbol, "XNAS", false));
        p.setPredicted(direction);
        p.setPUp(pUp);
        p.setPDown(1 - pUp - 0.1);
        p.setPFlat(0.1);
        return p;
    }

    @Test
    void shouldShowPredictionsAndUpdateThem(@TempDir Path profile) throws Exception {
        String symbol = Fixtures.symbol("PAGE");
        fixtures.live(prediction(symbol, MoveDirection.DOWN, 0.2));
        WebDriver browser = chromium(profile);
        try {
            browser.get("http://127.0.0.1:" + gateway.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, TestClient.WAIT);
            wait.until(d -> "open".equals(d.findElement(By.id("status")).getAttribute("data-state")));
            By row = By.cssSelector("tr[data-symbol='" + symbol + "']");
            WebElement tr = wait.until(d -> d.findElements(row).isEmpty() ? null : d.findElement(row));
            assertThat(tr.getText()).contains("DOWN").contains("XNAS");
            Prediction newer = prediction(symbol, MoveDirection.UP, 0.8);
            fixtures.live(newer);
            wait.until(d -> String.valueOf(newer.getTickSequence())
                    .equals(d.findElement(row).getAttribute("data-seq")));
            List<WebElement> cells = browser.findElement(row).findElements(By.tagName("td"));
            assertThat(cells.get(2).getText()).isEqualTo("UP");
            assertThat(cells.get(7).getText()).endsWith("ms");
            assertThat(browser.findElement(By.cssSelector("tr[data-symbol='" + symbol + "'] canvas"))).isNotNull();
        } finally {
            browser.quit();
        }
    }

    @Test
    void shouldShowLatencyPerHopOnceAPredictionReachedThePage(@TempDir Path profile) throws Exception {
        String symbol = Fixtures.symbol("HOP");
        WebDriver browser = chromium(profile);
        try {
            browser.get("http://127.0.0.1:" + gateway.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, TestClient.WAIT);
            wait.until(d -> "open".equals(d.findElement(By.id("status")).getAttribute("data-state")));
            fixtures.live(prediction(symbol, MoveDirection.UP, 0.7));
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-symbol='" + symbol + "']")).isEmpty());

            // The socket write completes just before or after the page got the frame; the panel polls each second.
            By socketP99 = By.cssSelector("#hop-rows tr[data-hop='gateway_to_socket'] td.p99");
            wait.until(d -> !d.findElements(socketP99).isEmpty() && d.findElement(socketP99).getText().endsWith(" ms"));
            for (Hop hop : GatewayHops.SEEN) {
                WebElement row = browser.findElement(By.cssSelector("#hop-rows tr[data-hop='" + hop.tagValue() + "']"));
                assertThat(row.findElement(By.cssSelector("td.p50")).getText()).matches("\\d+(\\.\\d+)? ms");
                assertThat(row.findElement(By.cssSelector("td.p99")).getText()).matches("\\d+(\\.\\d+)? ms");
            }
            assertThat(browser.findElement(By.cssSelector("#hop-rows tr[data-hop='scoring'] td.p50")).getText())
                    .isEqualTo("0.40 ms");
            assertThat(browser.findElements(By.cssSelector("#hop-rows tr.slowest"))).hasSize(1);
        } finally {
            browser.quit();
        }
    }

    @Test
    void shouldShowTheHitRateOfEachJudgedModelVersionBesideThePriorsAndTheOptimums(@TempDir Path profile) throws Exception {
        String model = Fixtures.symbol("model-");
        fixtures.judged(judgedWithOptimum(Fixtures.outcome(model, 7, false, true, 0.4), MoveDirection.UP, 0.3));
        fixtures.judged(judgedWithOptimum(Fixtures.outcome(model, 7, false, false, 1.2), MoveDirection.FLAT, 1.0));
        fixtures.judged(Fixtures.outcome(model, 8, true, true, 0.25));
        WebDriver browser = chromium(profile);
        try {
            browser.get("http://127.0.0.1:" + gateway.port() + "/");
            WebDriverWait wait = new WebDriverWait(browser, TestClient.WAIT);
            // The panel polls every 2 s; the gateway reads the outcomes on its own thread.
            By active = By.cssSelector("#hit-rows tr[data-model='" + model + "'][data-kind='active']");
            By shadow = By.cssSelector("#hit-rows tr[data-model='" + model + "'][data-kind='shadow']");
            wait.until(d -> !d.findElements(shadow).isEmpty() && !d.findElements(active).isEmpty()
                    && "2".equals(d.findElement(active).findElement(By.cssSelector("td.judged")).getText()));

            // The panel redraws its rows every 2 s: read each row whole, again if a redraw replaced it meanwhile.
            // Hit rate model / prior / optimum, then log-loss model / prior (ln 2: one UP, one FLAT) / optimum.
            assertThat(cells(wait, active)).containsExactly(model, "v7", "active", "2", "50.0%", "50.0%", "100.0%",
                    "0.800", "0.693", "0.650");
            assertThat(cells(wait, shadow)).containsExactly(model, "v8", "shadow", "1", "100.0%", "100.0%", "–",
                    "0.250", "0.000", "–");
            String shadowClass = wait.ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElement(shadow).getAttribute("class"));
            assertThat(shadowClass).isEqualTo("shadow");
            assertThat(browser.findElements(By.cssSelector("#hit-rows tr.empty"))).isEmpty();
        } finally {
            browser.quit();
        }
    }

    /** {@code outcome} with the mid having moved {@code realized}, which the known optimum predicted, at a loss. */
    private static PredictionOutcome judgedWithOptimum(PredictionOutcome outcome, MoveDirection realized,
                                                       double optimumLogLoss) {
        outcome.setRealized(realized);
        outcome.setOptimumHit(true);
        outcome.setOptimumLogLoss(optimumLogLoss);
        return outcome;
    }

    /** The texts of the cells of the row {@code row}, read in one go that a redraw of the row does not tear. */
    private static List<String> cells(WebDriverWait wait, By row) {
        return wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(row)
                .findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
    }
}
