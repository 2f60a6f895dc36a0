package io.gatewarden.load;

import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.PipelineSettings;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.pipeline.Replay;
import io.gatewarden.pipeline.ReplayReader;
import io.gatewarden.time.EventClock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads finished logs with replay's reader into the run model alone ({@link Pipelines#requestsOnly}: same parser,
 * same request stream, no detector) and counts the requests in a {@link LoadLedger}.
 */
public final class LoadRunner {
    public record Result(LoadReport report, ReplayReader.Outcome read, long malformed, Duration took) {}

    private LoadRunner() {}

    /**
     * @param domains  which rungs one rate limit takes down together ({@code gateway.rate_limit_domains})
     * @param gateway  the gateway config (credentials, local endpoints), or null
     * @param jobNames cron job id → name
     */
    public static Result run(PipelineSettings cfg, RateLimitDomains domains, List<Path> inputs, GatewayConfig gateway, Map<String, String> jobNames,
                             ZoneId zone, int parseThreads) throws IOException {
        EventPipeline pipeline = Pipelines.requestsOnly(cfg, new EventClock(Instant.EPOCH));
        Function<String, String> names = jobNames::get;
        LoadLedger ledger = new LoadLedger(pipeline.runModel(), domains,
                gateway == null ? LoadLedger.Credentials.PROVIDER_ONLY : new ConfigCredentials(gateway), names);
        pipeline.addEventListener(ledger::onEvent);
        pipeline.addRequestListener(ledger::onRequest);
        long start = System.nanoTime();
        ReplayReader.Outcome read = Replay.feed(cfg, inputs, pipeline, parseThreads);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Result(LoadReport.of(ledger, zone), read, pipeline.stats().malformed(), took);
    }
}
