package io.gatewarden.faults;

import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.ProfileResolver;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.detect.Detector;
import io.gatewarden.detect.pressure.ContextPressureDetector;
import io.gatewarden.detect.pressure.QuotaBurnDetector;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.parse.EventType;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.pipeline.Replay;
import io.gatewarden.time.EventClock;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline — parser, every detector (the daemon's extra ones included), the incident tracker and the
 * breakers — fed real fixture lines that are cut, bit-flipped, hold invalid UTF-8, huge fields, deep nesting or
 * wrong types for known keys: it never throws, no listener fails, and every line fed is counted once
 * (parsed + malformed, and in replay from a file also the oversized ones the reader skipped).
 */
class PipelinePropertiesTest {
    private static final GatewardenConfig CFG = config();
    private Path tmp;

    private static GatewardenConfig config() {
        try {
            // a small line cap so that huge fields also exercise the reader's oversized-line path
            return ConfigLoader.parse("""
                    tail: {max_line_bytes: 65536}
                    parse: {max_line_chars: 40000}
                    """, "props.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeProperty
    void makeTmp() throws IOException {
        tmp = Files.createTempDirectory("gw-props");
    }

    @AfterProperty
    void removeTmp() throws IOException {
        try (var s = Files.walk(tmp)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Provide
    Arbitrary<List<byte[]>> batches() {
        return LineMutations.lines().list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 150)
    void theLivePipelineNeverThrowsAndCountsEveryLine(@ForAll("batches") List<byte[]> lines) {
        EventClock clock = new EventClock(Instant.parse("2026-11-23T12:00:00Z"));
        IncidentTracker tracker = new IncidentTracker(CFG.incidents(), clock);
        EventPipeline p = Pipelines.create(CFG, clock, tracker);
        BreakerRegistry breakers = new BreakerRegistry(CFG.breakers(), clock, ProfileResolver.DEFAULT, null);
        p.addEventListener(breakers::onEvent);
        p.addRequestListener(breakers::onRequest);

        for (byte[] b : lines) p.acceptLine(new String(b, StandardCharsets.UTF_8)); // the tailer decodes with replacement
        p.tick();
        breakers.tick();

        assertThat(p.stats().lines()).isEqualTo(lines.size());
        assertThat(p.stats().eventsByType().values().stream().mapToLong(Long::longValue).sum()).as("one event per line").isEqualTo(lines.size());
        assertThat(p.stats().malformed()).isEqualTo(p.stats().events(EventType.MALFORMED));
        assertThat(p.stats().listenerErrors()).as("breakers never throw").isZero();
        assertThat(tracker.open()).allSatisfy(i -> assertThat(i.occurrences()).isPositive());
        Statistics.label("malformed").collect(p.stats().malformed() > 0);
        Statistics.label("parsed").collect(p.stats().lines() > p.stats().malformed());
        Statistics.label("malformed").coverage(c -> c.check(true).percentage(pct -> pct > 20));
        Statistics.label("parsed").coverage(c -> c.check(true).percentage(pct -> pct > 20));
    }

    @Property(tries = 60)
    void replayFromAFileNeverThrowsAndCountsEveryLine(@ForAll("batches") List<byte[]> lines) throws IOException {
        Path file = Files.createTempFile(tmp, "openclaw-", ".log");
        long oversizedFed = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] b : lines) {
                out.write(b);
                out.write('\n');
                if (b.length > CFG.tail().maxLineBytes()) oversizedFed++;
            }
        }
        Replay.Result r = Replay.run(CFG, List.of(file), new io.gatewarden.incident.IncidentListener() {}, 1);

        assertThat(r.stats().lines() + r.stats().oversized()).as("parsed or skipped, every line").isEqualTo(lines.size());
        assertThat(r.duplicateLines()).isZero();
        assertThat(r.stats().oversized()).isEqualTo(oversizedFed);
        assertThat(r.stats().eventsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.stats().lines());
        assertThat(r.stats().listenerErrors()).isZero();
        Files.delete(file);
        Statistics.label("oversized").collect(oversizedFed > 0);
        Statistics.label("oversized").coverage(c -> c.check(true).percentage(pct -> pct > 5));
    }
}
