package io.gatewarden.alert;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A receiver that hangs for 60 s delays nobody but itself. */
class HangingReceiverTest {
    @TempDir Path tmp;
    WireMockServer hanging;
    HttpStub fast;
    AlertPipeline p;

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        if (hanging != null) hanging.stop();
        if (fast != null) fast.close();
    }

    @Test
    void aHangingReceiverDoesNotDelayAnotherByMoreThanOneSecond() throws Exception {
        Fixture fx = new Fixture(tmp);
        hanging = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        hanging.start();
        hanging.stubFor(post(urlEqualTo("/hang")).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
        fast = new HttpStub(fx.clock);
        p = fx.start("""
                receivers:
                  - {name: slow, type: webhook, url: %s, timeout: 1s, rate_limit: {burst: 0}}
                  - {name: quick, type: webhook, url: %s, timeout: 1s, rate_limit: {burst: 0}}
                route:
                  receiver: quick
                  group_by: ['...']
                  group_wait: 0s
                  routes:
                    - {receiver: slow, continue: true}
                    - {receiver: quick}
                retry: {initial: 100ms, max: 200ms}
                """.formatted(hanging.baseUrl() + "/hang", fast.url("/quick")));

        long worstNanos = 0;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            p.opened(Incidents.open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, labels("provider", "p" + i), fx.clock.instant()));
            int want = i + 1;
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> fast.accepted().size() >= want);
            worstNanos = Math.max(worstNanos, fast.accepted().get(i).receivedNanos() - t);
            // let the slow receiver's clock-driven retries come due while it is stuck
            fx.clock.advance(Duration.ofSeconds(1));
            p.tick();
        }
        assertThat(Duration.ofNanos(worstNanos)).as("latency of the healthy receiver").isLessThan(Duration.ofSeconds(1));

        // the hanging one is bounded by its own request timeout and keeps its notifications for later
        await().atMost(Duration.ofSeconds(10)).until(() -> p.stats().receiver("slow").failedAttempts() >= 1);
        AlertStats.ReceiverStats slow = p.stats().receiver("slow");
        assertThat(slow.lastError()).contains("timeout");
        assertThat(slow.delivered()).isZero();
        assertThat(slow.pending()).isEqualTo(5);
        assertThat(p.stats().receiver("quick").delivered()).isEqualTo(5);
    }
}
