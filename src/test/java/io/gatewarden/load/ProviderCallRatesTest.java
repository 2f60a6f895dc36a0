package io.gatewarden.load;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.detect.DetectSettings;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.RunModel;
import io.gatewarden.parse.LineParser;
import io.gatewarden.parse.ParseSettings;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderCallRatesTest {
    private static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");

    private static ProviderCallRates.ProviderSeries series(ProviderCallRates rates, String provider) {
        return rates.snapshot().providers().stream().filter(p -> p.provider().equals(provider)).findFirst().orElseThrow();
    }

    /** Lines reach the rates as in the pipeline: through the run model's request stream. */
    private static RunModel feed(ProviderCallRates rates, String fixture, String primary) throws Exception {
        LineParser parser = Pipelines.parser(ParseSettings.defaults());
        RunModel runs = runs(primary);
        for (String line : Files.readAllLines(LOGS.resolve(fixture))) runs.observe(parser.parse(line)).forEach(rates);
        return runs;
    }

    private static RunModel runs(String primary) {
        DetectSettings d = DetectSettings.defaults();
        RunModel runs = new RunModel(d.runAttributionWindow(), d.nearbyRunWindow(), d.maxTrackedRuns());
        runs.setPrimary(() -> primary);
        return runs;
    }

    @Test
    void fixture02CountsEachRequestOnceAndNoCallForTheRungSkippedWithoutOne() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:07:00Z"));
        ProviderCallRates rates = new ProviderCallRates(clock);
        feed(rates, "02-failover-cascade-429-529-unknown-model.info.jsonl", "fakeoa/rl-429");

        // 10 fetches answered 429 (1 try + 9 same-model retries); the run finally answered on fakeoa/ok
        ProviderCallRates.ProviderSeries fakeoa = series(rates, "fakeoa");
        assertThat(fakeoa.failedCalls()).isEqualTo(10);
        assertThat(fakeoa.calls()).isEqualTo(11);
        // 8 fetches answered 529; the decision line that follows is their echo
        ProviderCallRates.ProviderSeries fakeanth = series(rates, "fakeanth");
        assertThat(fakeanth.failedCalls()).isEqualTo(8);
        assertThat(fakeanth.calls()).isEqualTo(8);
        // Unknown model: the gateway skipped the rung without a request, so it is no call at all
        assertThat(rates.snapshot().providers()).extracting(ProviderCallRates.ProviderSeries::provider)
                .doesNotContain("anthropic");

        // minutes come from the lines: the storm started at 12:02 and the last call was at 12:06
        ProviderCallRates.Snapshot snap = rates.snapshot();
        assertThat(snap.from()).isEqualTo(Instant.parse("2026-11-23T11:08:00Z"));
        assertThat(snap.minuteCount()).isEqualTo(60);
        int i1202 = 60 - 1 - 5; // 12:07 is the last bucket
        assertThat(fakeoa.failed()[i1202]).isEqualTo(6); // 12:02:10, :12, :14, :20, :31, :46
        assertThat(fakeoa.failed()[i1202 + 1]).isEqualTo(2); // 12:03:19, :48
        assertThat(fakeoa.failed()[i1202 + 2]).isEqualTo(2); // 12:04:16, :38
        assertThat(fakeoa.total()[i1202 + 4]).isEqualTo(1); // 12:06:14 the fallback answered
        assertThat(fakeoa.failed()[i1202 + 4]).isZero();
        assertThat(Arrays.stream(fakeoa.total()).sum()).isEqualTo(11);
        for (int i = 0; i < 60; i++) assertThat(fakeoa.failed()[i]).isLessThanOrEqualTo(fakeoa.total()[i]);
    }

    @Test
    void noKeyRungAndCooldownSkipsAreNoCallsAndTheFallbackIsASuccess() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:11:00Z"));
        ProviderCallRates rates = new ProviderCallRates(clock);
        feed(rates, "05-cooldown-skip-and-no-api-key.info.jsonl", null);
        // "No API key found": the gateway failed the rung with a synthetic 401 before sending anything
        assertThat(rates.snapshot().providers()).extracting(ProviderCallRates.ProviderSeries::provider)
                .doesNotContain("nokeyremote");
        assertThat(series(rates, "fakeanth").failedCalls()).isZero();
        assertThat(series(rates, "fakeanth").calls()).isEqualTo(1); // candidate_succeeded; the run's end is its echo
        // skipped candidates made no request
        assertThat(rates.snapshot().providers()).extracting(ProviderCallRates.ProviderSeries::provider)
                .doesNotContain("fakeoa");
    }

    @Test
    void aRunThatEndsWellOnThePrimaryCountsForThePrimaryAndDebugFetchLinesAreNotCountedTwice() {
        Instant t = Instant.parse("2026-11-23T12:00:10Z");
        MutableClock clock = new MutableClock(t);
        ProviderCallRates rates = new ProviderCallRates(clock);
        RunModel runs = runs("openai/gpt-5");
        runs.observe(event(EventType.RUN_SUCCEEDED, t, "run-1", null, null, 0, Map.of("stopReason", "stop"))).forEach(rates);
        assertThat(series(rates, "openai").calls()).isEqualTo(1);

        // DEBUG level: a 2xx fetch line is the call; the run end after it is an echo
        runs.observe(event(EventType.MODEL_FETCH, t, null, "openai", "gpt-5", 200, Map.of())).forEach(rates);
        runs.observe(event(EventType.RUN_SUCCEEDED, t, "run-2", null, null, 0, Map.of("stopReason", "stop"))).forEach(rates);
        assertThat(series(rates, "openai").calls()).isEqualTo(2);
        assertThat(series(rates, "openai").failedCalls()).isZero();
    }

    @Test
    void oldMinutesFallOutOfTheRingAndTheFutureLandsInTheCurrentMinute() {
        Instant t0 = Instant.parse("2026-11-23T12:00:30Z");
        MutableClock clock = new MutableClock(t0);
        ProviderCallRates rates = new ProviderCallRates(clock);
        rates.accept(request(t0, "p", 429));
        rates.accept(request(t0.minus(Duration.ofMinutes(61)), "p", 429)); // too old
        rates.accept(request(t0.plus(Duration.ofMinutes(5)), "p", 500)); // skewed clock
        ProviderCallRates.ProviderSeries p = series(rates, "p");
        assertThat(p.calls()).isEqualTo(2);
        assertThat(p.total()[59]).isEqualTo(2);

        clock.set(t0.plus(Duration.ofMinutes(30)));
        assertThat(series(rates, "p").total()[59 - 30]).isEqualTo(2);
        // an hour later the slot is reused for a new minute and the old counts are gone
        clock.set(t0.plus(Duration.ofMinutes(60)));
        assertThat(rates.snapshot().providers()).isEmpty();
        rates.accept(request(clock.instant(), "p", 200));
        assertThat(series(rates, "p").calls()).isEqualTo(1);
        assertThat(series(rates, "p").failedCalls()).isZero();
    }

    @Test
    void providerNamesFromTheLogAreCapped() {
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        ProviderCallRates rates = new ProviderCallRates(new MutableClock(t));
        for (int i = 0; i < 1000; i++) rates.accept(request(t, "p" + i, 500));
        List<ProviderCallRates.ProviderSeries> providers = rates.snapshot().providers();
        assertThat(providers).hasSize(ProviderCallRates.MAX_PROVIDERS);
        // the most recently fed are kept
        assertThat(providers).extracting(ProviderCallRates.ProviderSeries::provider).contains("p999").doesNotContain("p0");
    }

    private static RequestOutcome request(Instant at, String provider, int status) {
        return new RequestOutcome(at, null, provider, "m", null, status >= 400, status >= 400 ? "server_error" : null, status,
                0, null, null, "test");
    }

    private static GatewayEvent event(EventType type, Instant at, String runId, String provider, String model, int status,
                                      Map<String, String> attrs) {
        return new GatewayEvent(type, at, 3, "test", runId, null, null, provider, model, null, null, status, null, attrs, null);
    }
}
