package io.gatewarden.run;

import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.detect.DetectSettings;
import io.gatewarden.detect.DetectorChain;
import io.gatewarden.detect.pressure.Forecast;
import io.gatewarden.detect.pressure.PressureSettings;
import io.gatewarden.detect.pressure.QuotaBurnDetector;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.parse.ParseSettings;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Breakers, the status page's error rates and the quota forecast read one request stream: replayed through the real
 * pipeline, every fixture gives the three the same requests per provider (and the same failures where a view keeps
 * them apart), and the counts are the ones a human counts in the log.
 */
class OneRequestStreamTest {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final List<String> PROVIDERS = List.of("fakeoa", "fakeanth", "fakerl", "anthropic", "nokey", "nokeyremote");
    static final List<String> EVERY_REASON = List.of("rate_limit", "overloaded", "billing", "auth", "format",
            "model_not_found", "context_overflow", "server_error", "timeout", "unknown");

    record Counts(Map<String, Long> calls, Map<String, Long> failed) {}

    /** What a human counts in the cascade of fixture 02: 10 requests to rl-429, 8 to ovl-529, one answer, no request to the unknown model. */
    @org.junit.jupiter.api.Test
    void fixture02StreamIsWhatAHumanCounts() throws Exception {
        DetectSettings d = DetectSettings.defaults();
        RunModel runs = new RunModel(d.runAttributionWindow(), d.nearbyRunWindow(), d.maxTrackedRuns());
        var parser = Pipelines.parser(ParseSettings.defaults());
        Map<String, long[]> byModel = new TreeMap<>();
        for (String line : Files.readAllLines(LOGS.resolve("02-failover-cascade-429-529-unknown-model.debug.jsonl"))) {
            for (RequestOutcome r : runs.observe(parser.parse(line))) {
                long[] c = byModel.computeIfAbsent(r.modelRef(), k -> new long[2]);
                c[r.failure() ? 1 : 0]++;
                assertThat(r.runId()).as("every request of the cascade belongs to its run").isEqualTo("ead177c3-7cfb-445c-9dbd-bd413dd1017f");
                assertThat(r.session()).isEqualTo("lab-s1");
            }
        }
        assertThat(byModel).containsOnlyKeys("fakeoa/rl-429", "fakeanth/ovl-529", "fakeoa/ok");
        assertThat(byModel.get("fakeoa/rl-429")).containsExactly(0, 10);
        assertThat(byModel.get("fakeanth/ovl-529")).containsExactly(0, 8);
        assertThat(byModel.get("fakeoa/ok")).containsExactly(1, 0);
        Run run = runs.run("ead177c3-7cfb-445c-9dbd-bd413dd1017f");
        assertThat(run.describeRungs()).isEqualTo("fakeoa/rl-429 failed (rate_limit 429, 9 retries) → fakeanth/ovl-529 failed "
                + "(overloaded 529, 7 retries) → anthropic/claude-sonnet-4-5 skipped (unknown model) → fakeoa/ok succeeded");
        assertThat(run.requestedModel()).isEqualTo("fakeoa/rl-429");
        assertThat(run.outcome()).isEqualTo(ChainOutcome.SUCCEEDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "02-failover-cascade-429-529-unknown-model.info.jsonl",
            "02-failover-cascade-429-529-unknown-model.debug.jsonl",
            "04-quota-billing-disable-then-fallback.info.jsonl",
            "05-cooldown-skip-and-no-api-key.info.jsonl",
            "06-chain-exhausted-all-models-failed.info.jsonl",
            "07-context-overflow.debug.jsonl",
            "08-tool-use-id-format-error.info.jsonl",
            "09-rate-limit-profile-cooldown-and-abort.info.jsonl"})
    void breakersErrorRatesAndQuotaBurnCountTheSameRequests(String fixture) throws Exception {
        List<String> lines = Files.readAllLines(LOGS.resolve(fixture));
        MutableClock clock = MutableClock.at("2026-11-23T00:00:00Z");
        List<PressureSettings.QuotaLimit> limits = PROVIDERS.stream()
                .map(p -> new PressureSettings.QuotaLimit(p, null, null, 1_000_000L, null, null, null)).toList();
        QuotaBurnDetector quota = new QuotaBurnDetector(new PressureSettings.QuotaBurn(null, null, null, null, null, null,
                null, null, null, null, limits));
        DetectorChain chain = DetectorChain.standard(DetectSettings.defaults(), runs -> Map.of("quota_burn", quota));
        IncidentTracker tracker = new IncidentTracker(IncidentSettings.defaults(), clock);
        EventPipeline pipeline = new EventPipeline(Pipelines.parser(ParseSettings.defaults()), chain, tracker, clock,
                tracker::tick, Duration.ofSeconds(1));
        // a breaker that counts every reason over an hour and never opens: its window shows every request it heard
        BreakerRegistry breakers = new BreakerRegistry(new BreakerSettings(1.0, Integer.MAX_VALUE, Duration.ofHours(1), 0,
                null, null, EVERY_REASON, null, null), clock, null, null);
        ProviderCallRates rates = new ProviderCallRates(clock);
        pipeline.addRequestListener(breakers::onRequest);
        pipeline.addRequestListener(rates);
        List<RequestOutcome> stream = new java.util.ArrayList<>();
        pipeline.addRequestListener(stream::add);
        for (String line : lines) {
            var e = Pipelines.parser(ParseSettings.defaults()).parse(line);
            if (e.time() != null && e.time().isAfter(clock.instant())) clock.set(e.time());
            pipeline.acceptLine(line);
        }

        Counts fromStream = new Counts(new TreeMap<>(), new TreeMap<>());
        // breakers judge health by the gateway's reason: a failure the log gives none for (the very first failed fetch,
        // before any attempt line told us this log has them, e.g. a bare 400) is no evidence either way for them
        Counts withReason = new Counts(new TreeMap<>(), new TreeMap<>());
        for (RequestOutcome r : stream) {
            fromStream.calls().merge(r.provider(), 1L, Long::sum);
            if (r.failure()) fromStream.failed().merge(r.provider(), 1L, Long::sum);
            if (r.failure() && r.reason() == null) continue;
            withReason.calls().merge(r.provider(), 1L, Long::sum);
            if (r.failure()) withReason.failed().merge(r.provider(), 1L, Long::sum);
            assertThat(r.reason() == null || EVERY_REASON.contains(r.reason())).as("reason %s", r.reason()).isTrue();
        }
        // fixture 06's run skipped every rung (cooldown, no key): the gateway sent no request at all
        if (fixture.startsWith("06")) assertThat(stream).isEmpty();
        else assertThat(stream).isNotEmpty();

        Counts fromBreakers = new Counts(new TreeMap<>(), new TreeMap<>());
        for (BreakerSnapshot b : breakers.snapshot()) {
            String provider = b.model().substring(0, b.model().indexOf('/'));
            fromBreakers.calls().merge(provider, (long) b.windowFailures() + b.windowSuccesses(), Long::sum);
            if (b.windowFailures() > 0) fromBreakers.failed().merge(provider, (long) b.windowFailures(), Long::sum);
        }
        fromBreakers.calls().values().removeIf(v -> v == 0);

        Counts fromRates = new Counts(new TreeMap<>(), new TreeMap<>());
        for (ProviderCallRates.ProviderSeries s : rates.snapshot().providers()) {
            fromRates.calls().put(s.provider(), s.calls());
            if (s.failedCalls() > 0) fromRates.failed().put(s.provider(), s.failedCalls());
        }

        Map<String, Long> fromQuota = new TreeMap<>();
        for (Forecast f : quota.forecasts(clock.instant())) {
            if (!f.budget().startsWith("requests per hour")) continue;
            long used = Math.round(1_000_000 - f.remaining());
            if (used > 0) fromQuota.merge(f.provider(), used, Long::sum);
        }

        assertThat(fromBreakers).as("breakers vs the stream").isEqualTo(withReason);
        assertThat(fromRates).as("error rates vs the stream").isEqualTo(fromStream);
        assertThat(fromQuota).as("quota burn vs the stream").isEqualTo(fromStream.calls());
    }

    /** At DEBUG every request leaves a line: the stream holds exactly the requests the fake provider received. */
    @ParameterizedTest
    @ValueSource(strings = {"14-cooldown-skip-same-profile-sibling", "14b-rate-limit-two-rung-sibling-tried",
            "14c-billing-two-rung-sibling-skipped", "15-session-rejected-every-run", "16-preflight-near-context-window"})
    void theStreamIsTheProvidersOwnRequestLog(String capture) throws Exception {
        Map<String, Long> received = new TreeMap<>();
        java.util.regex.Pattern post = java.util.regex.Pattern.compile("POST /(\\w+)/v1/\\S+ model=(\\S+)");
        for (String l : Files.readAllLines(Path.of("src/test/resources/fixtures/openclaw/cli-output/" + capture + "-requests.log"))) {
            java.util.regex.Matcher m = post.matcher(l);
            if (m.find()) received.merge(m.group(1) + "/" + m.group(2), 1L, Long::sum);
        }
        DetectSettings d = DetectSettings.defaults();
        RunModel runs = new RunModel(d.runAttributionWindow(), d.nearbyRunWindow(), d.maxTrackedRuns());
        var parser = Pipelines.parser(ParseSettings.defaults());
        Map<String, Long> stream = new TreeMap<>();
        for (String line : Files.readAllLines(LOGS.resolve(capture + ".debug.jsonl"))) {
            for (RequestOutcome r : runs.observe(parser.parse(line))) stream.merge(r.modelRef(), 1L, Long::sum);
        }
        assertThat(stream).isEqualTo(received);
    }
}
