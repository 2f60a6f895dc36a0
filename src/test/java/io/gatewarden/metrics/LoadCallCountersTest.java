package io.gatewarden.metrics;

import io.gatewarden.load.LoadSource;
import io.gatewarden.load.SourceKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The calls counter's label set stays bounded however many agents and sources the gateway has. */
class LoadCallCountersTest {
    @Test
    void agentsPastTheLimitAreCountedAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LoadCallCounters counters = new LoadCallCounters(registry, 3);
        long total = 0;
        for (int a = 0; a < 50; a++) {
            for (SourceKind k : SourceKind.values()) {
                for (int job = 0; job < 4; job++) {
                    counters.count(new LoadSource("agent-" + a, k, "job-" + job, "fakeoa", "m" + job, "fp:0000000" + a % 10));
                    total++;
                }
            }
        }
        var meters = registry.find("gatewarden.load.calls").counters();
        Set<String> agents = meters.stream().map(c -> c.getId().getTag("agent")).collect(Collectors.toSet());
        assertThat(agents).containsExactlyInAnyOrder("agent-0", "agent-1", "agent-2", "other");
        assertThat(meters).hasSize(4 * SourceKind.values().length);
        assertThat(meters.stream().mapToDouble(Counter::count).sum()).isEqualTo(total);
        assertThat(registry.find("gatewarden.load.calls").tag("agent", "other").tag("kind", "cron").counter().count())
                .isEqualTo(47 * 4);
    }
}
