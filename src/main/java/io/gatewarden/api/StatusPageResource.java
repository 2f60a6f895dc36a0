package io.gatewarden.api;

import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.SwitcherState;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.daemon.DaemonLifecycle;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Read-only JSON the status page ({@code /index.html}) needs beyond {@link StatusResource}: the fallback chain with
 * breaker states and lint findings, and per-provider error rates over the last hour. Nothing here is a secret:
 * credentials appear as labels (profile ids, config paths, env var names), never as values.
 */
@Singleton
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusPageResource {
    @Inject DaemonLifecycle lifecycle;

    private final Clock clock = Clock.systemUTC();
    private volatile Daemon chainOwner;
    private volatile ChainStatus chainStatus;

    private Daemon daemon() {
        return lifecycle.daemon().orElseThrow(() -> new WebApplicationException("daemon not started", 503));
    }

    /**
     * Every chain in the gateway's config, rungs in order; each rung with {@code breaker.state}
     * (open | half_open | closed | none) and the lint {@code findings} about it. {@code switchedFrom} names the
     * original primary while gatewarden has switched away from it; that rung is listed first with role
     * {@code switched_away}.
     */
    @GET
    @Path("/chain")
    public Map<String, Object> chain() {
        Daemon d = daemon();
        SwitcherState state = d.switcher().map(PrimarySwitcher::state).orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverTime", clock.instant());
        m.put("gateway", d.config().gateway().name());
        m.put("primary", d.switcher().map(PrimarySwitcher::currentPrimary).orElse(null));
        m.putAll(chainStatus(d).view(d.breakers().snapshot(), state));
        return m;
    }

    /** Failed and total model calls per provider and minute, oldest minute first, ending with the current one. */
    @GET
    @Path("/error-rates")
    public Map<String, Object> errorRates() {
        ProviderCallRates.Snapshot s = daemon().callRates().snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverTime", clock.instant());
        m.put("from", s.from());
        m.put("minutes", s.minuteCount());
        m.put("providers", s.providers());
        return m;
    }

    /**
     * Provider calls per source (agent, heartbeat / cron job / chat / sub-agent / other) over the last 24 hours, busiest
     * first: {@code sources[].who|kind|calls|failures}; {@code background} is the share of heartbeats, cron and other.
     */
    @GET
    @Path("/load")
    public Map<String, Object> load() {
        var counts = daemon().load().last24h();
        long calls = counts.stream().mapToLong(io.gatewarden.load.LoadWatch.Count::calls).sum();
        long background = counts.stream().filter(c -> io.gatewarden.load.SourceKind.valueOf(c.kind().toUpperCase(java.util.Locale.ROOT)).background())
                .mapToLong(io.gatewarden.load.LoadWatch.Count::calls).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverTime", clock.instant());
        m.put("hours", 24);
        m.put("calls", calls);
        m.put("background", calls == 0 ? 0.0 : (double) background / calls);
        m.put("sources", counts);
        return m;
    }

    private ChainStatus chainStatus(Daemon d) {
        ChainStatus c = chainStatus;
        if (c != null && chainOwner == d) return c;
        synchronized (this) {
            if (chainStatus == null || chainOwner != d) {
                var gw = d.config().gateway();
                chainStatus = new ChainStatus(gw.configFile(), gw.authProfilesFile(), d.config().lint(), gw.domains(), clock);
                chainOwner = d;
            }
            return chainStatus;
        }
    }
}
