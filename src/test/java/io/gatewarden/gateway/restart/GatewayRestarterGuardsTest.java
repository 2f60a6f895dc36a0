package io.gatewarden.gateway.restart;

import com.sun.net.httpserver.HttpServer;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatewarden.gateway.restart.RestartDecision.Outcome.BUDGET_RESET;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.DECLINED_COOLDOWN;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.DECLINED_DISABLED;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.DECLINED_IN_FLIGHT;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.DRY_RUN;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.FAILED;
import static io.gatewarden.gateway.restart.RestartDecision.Outcome.RESTARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restarter's guards: dry-run, one action in flight, cooldown, disabled triggers, failures. The strategy is a
 * small counting one and the gateway a local HTTP stub for /healthz and /startupz, so each rule is seen alone.
 */
class GatewayRestarterGuardsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink();
    private final RecordingGuard guard = new RecordingGuard();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean started = true;
    private volatile boolean healthy = true;
    private volatile CountDownLatch hold;
    private volatile boolean strategyFails;
    private HttpServer gateway;

    private final RestartStrategy counting = new RestartStrategy() {
        @Override public String name() { return "command"; }

        @Override public Result restart() {
            restarts.incrementAndGet();
            CountDownLatch h = hold;
            if (h != null) {
                try {
                    h.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return strategyFails ? Result.failed("exit 1: boom") : Result.ok("exit 0");
        }
    };

    @BeforeEach
    void startGatewayStub() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", ex -> {
            boolean startup = ex.getRequestURI().getPath().equals("/startupz");
            boolean up = startup ? started : healthy;
            String body = startup
                    ? (up ? "{\"status\":\"started\"}" : "{\"status\":\"starting\"}")
                    : (up ? "{\"ok\":true,\"status\":\"live\"}" : "{\"ok\":false}");
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(up ? 200 : 503, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private GatewayRestarter restarter(String triggers, Duration cooldown) {
        RestartSettings s = new RestartSettings("command", null, null, null, null, null, null, null, null,
                "http://127.0.0.1:" + gateway.getAddress().getPort(), Duration.ofSeconds(1), 2, null,
                Duration.ofMillis(700), Duration.ZERO, null, cooldown,
                triggers == null ? null : java.util.Set.of(triggers.split(",")));
        return new GatewayRestarter("oc", s, counting, new GatewayHealthProbe(s.healthUrl(), s.probeTimeout()), null,
                new RestartBudget(null, s.budget(), clock), guard, sink, clock);
    }

    @Test
    void dryRunDecidesAndJournalsButTouchesNothing() {
        guard.dryRun = true;
        try (GatewayRestarter r = restarter(null, Duration.ofSeconds(30))) {
            RestartDecision d = r.restartNow(RestartTrigger.MANUAL, "test");
            assertThat(d.outcome()).isEqualTo(DRY_RUN);
            assertThat(d.reason()).contains("would restart via command");
            assertThat(restarts).hasValue(0);
            assertThat(r.status().budgetUsed()).isZero();
            assertThat(sink.signals).isEmpty();
            assertThat(guard.journal).containsExactly(d);
        }
    }

    @Test
    void oneRestartInFlightPerGateway() throws Exception {
        hold = new CountDownLatch(1);
        try (GatewayRestarter r = restarter(null, Duration.ZERO)) {
            CompletableFuture<RestartDecision> first = r.restartAsync(RestartTrigger.MANUAL, "first");
            await().atMost(Duration.ofSeconds(5)).until(() -> restarts.get() == 1);
            assertThat(r.restartNow(RestartTrigger.MANUAL, "second").outcome()).isEqualTo(DECLINED_IN_FLIGHT);
            assertThat(r.tick().detail()).isEqualTo("restart in flight"); // no probing while it restarts
            hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(RESTARTED);
            assertThat(restarts).hasValue(1);
        }
    }

    @Test
    void anotherActionHoldingTheGatewayDeclinesTheRestart() {
        RestartGuard busy = new RestartGuard() {
            @Override public boolean dryRun() { return false; }
            @Override public void journal(RestartDecision d) { guard.journal(d); }
            @Override public boolean tryBegin(String gw, String action) { return false; }
        };
        RestartSettings s = RestartSettings.defaults();
        try (GatewayRestarter r = new GatewayRestarter("oc", s, counting, new GatewayHealthProbe("http://127.0.0.1:9", Duration.ofMillis(200)),
                null, new RestartBudget(null, s.budget(), clock), busy, sink, clock)) {
            RestartDecision d = r.restartNow(RestartTrigger.MANUAL, "x");
            assertThat(d.outcome()).isEqualTo(DECLINED_IN_FLIGHT);
            assertThat(d.reason()).contains("another action");
            assertThat(restarts).hasValue(0);
        }
    }

    @Test
    void cooldownBetweenRestarts() {
        try (GatewayRestarter r = restarter(null, Duration.ofMinutes(2))) {
            assertThat(r.restartNow(RestartTrigger.MANUAL, "a").outcome()).isEqualTo(RESTARTED);
            clock.advance(Duration.ofSeconds(90));
            RestartDecision d = r.restartNow(RestartTrigger.MANUAL, "b");
            assertThat(d.outcome()).isEqualTo(DECLINED_COOLDOWN);
            assertThat(d.reason()).contains("cooling down until 2026-11-23T12:02:00Z");
            clock.advance(Duration.ofSeconds(30));
            assertThat(r.restartNow(RestartTrigger.MANUAL, "c").outcome()).isEqualTo(RESTARTED);
            assertThat(restarts).hasValue(2);
        }
    }

    @Test
    void aCrashLineRestartsOnTheWorkerThreadAndADisabledTriggerDoesNot() {
        GatewayEvent crash = new GatewayEvent(EventType.GATEWAY_CRASHED, clock.instant(), 5, null, null, null, null, null, null,
                null, null, 0, null, Map.of(), "{\"0\":\"[openclaw] OpenClaw hit an unexpected runtime error.\"}");
        try (GatewayRestarter r = restarter("down,crashed", Duration.ZERO)) {
            // the gateway still answers: the crash line came from a CLI command sharing the log file
            r.onEvent(crash);
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.count(RestartDecision.Outcome.NOT_NEEDED) == 1);
            assertThat(restarts).hasValue(0);
            guard.journal.clear();

            healthy = false;
            r.onEvent(crash);
            await().atMost(Duration.ofSeconds(5)).until(() -> guard.count(RESTARTED) == 1);
            assertThat(guard.journal.get(0).trigger()).isEqualTo(RestartTrigger.GATEWAY_CRASHED);
            assertThat(guard.journal.get(0).reason()).contains("OpenClaw hit an unexpected runtime error");

            r.onEvent(new GatewayEvent(EventType.GATEWAY_READY, clock.instant(), 3, null, null, null, null, null, null,
                    null, null, 0, null, Map.of(), "ready"));
            RestartDecision d = r.restartNow(RestartTrigger.INCIDENT_PERSISTS, "incident x");
            assertThat(d.outcome()).isEqualTo(DECLINED_DISABLED);
            assertThat(restarts).hasValue(1);
        }
    }

    @Test
    void aFailedStrategyOrAGatewayThatNeverStartsIsAFailure() {
        try (GatewayRestarter r = restarter(null, Duration.ZERO)) {
            strategyFails = true;
            RestartDecision failed = r.restartNow(RestartTrigger.MANUAL, "a");
            assertThat(failed.outcome()).isEqualTo(FAILED);
            assertThat(failed.reason()).contains("boom");

            strategyFails = false;
            started = false;
            RestartDecision neverStarted = r.restartNow(RestartTrigger.MANUAL, "b");
            assertThat(neverStarted.outcome()).isEqualTo(FAILED);
            assertThat(neverStarted.reason()).contains("not started within 700 ms");
            assertThat(sink.of(IncidentType.GATEWAY_RESTARTED)).hasSize(2)
                    .allSatisfy(sig -> assertThat(sig.severity()).isEqualTo(Severity.WARNING));
            assertThat(r.status().budgetUsed()).isEqualTo(2); // attempts count, successful or not
        }
    }

    @Test
    void budgetResetIsJournalledAndResolvesTheLoop() {
        try (GatewayRestarter r = restarter(null, Duration.ZERO)) {
            for (int i = 0; i < 4; i++) r.restartNow(RestartTrigger.MANUAL, "again");
            assertThat(restarts).hasValue(3);
            assertThat(r.status().tripped()).isTrue();
            r.resetBudget("bob");
            assertThat(guard.journal.get(guard.journal.size() - 1).outcome()).isEqualTo(BUDGET_RESET);
            assertThat(guard.journal.get(guard.journal.size() - 1).reason()).contains("bob");
            assertThat(sink.resolvedCount(IncidentType.GATEWAY_RESTART_LOOP)).isEqualTo(1);
            assertThat(r.status().tripped()).isFalse();
            assertThat(r.restartNow(RestartTrigger.MANUAL, "after reset").outcome()).isEqualTo(RESTARTED);
        }
    }
}
