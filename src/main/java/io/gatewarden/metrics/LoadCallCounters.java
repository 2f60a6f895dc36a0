package io.gatewarden.metrics;

import io.gatewarden.load.LoadSource;
import io.gatewarden.load.SourceKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code gatewarden_load_calls_total{agent, kind}}: provider calls per agent and source kind. The label set is
 * bounded: the first {@code load.metric_agents} agents seen get their own {@code agent} label, every later one is
 * counted as {@code other}; {@code kind} is one of the five {@link SourceKind}s. Outlives daemon reloads (the
 * registry's counters keep counting).
 */
public final class LoadCallCounters {
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int maxAgents;
    private final Map<String, Boolean> agents = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public LoadCallCounters(MeterRegistry registry, int maxAgents) {
        this.registry = registry;
        this.maxAgents = maxAgents;
    }

    public void count(LoadSource s) {
        String agent = label(s.agent());
        String kind = s.kind().wireName();
        counters.computeIfAbsent(agent + "\u0000" + kind, k -> Counter.builder("gatewarden.load.calls")
                .description("Provider calls per agent (first load.metric_agents agents, then 'other') and source kind")
                .tag("agent", agent).tag("kind", kind).register(registry)).increment();
    }

    private String label(String agent) {
        if (agent == null) return OTHER;
        if (agents.containsKey(agent)) return agent;
        synchronized (agents) {
            if (agents.containsKey(agent)) return agent;
            if (agents.size() >= maxAgents) return OTHER;
            agents.put(agent, Boolean.TRUE);
            return agent;
        }
    }
}
