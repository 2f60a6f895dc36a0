package io.gatewarden.faults;

import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.ProfileResolver;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.parse.EventType;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.PipelineStats;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.pipeline.Replay;
import io.gatewarden.testsupport.SeededRuns;
import io.gatewarden.time.EventClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline — parser, every detector (the daemon's extra ones included), the incident tracker and the
 * breakers — fed real fixture lines that are cut, bit-flipped, hold invalid UTF-8, huge fields, deep nesting or
 * wrong types for known keys ({@link LineMutations}, seeded: {@code -Dgatewarden.seed=N} replays a run): it never
 * throws, no listener fails, and every line fed is counted once (parsed + malformed, and in replay from a file also
 * the oversized ones the reader skipped). {@link PipelineFuzzTest} searches the same properties coverage-guided.
 */
class PipelinePropertyTest {
    static final GatewardenConfig CFG = config();

    @TempDir
    Path tmp;

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

    /** Feeds the lines to a live pipeline (as the tailer does: decoded with replacement) and checks the counts. */
    static PipelineStats live(List<byte[]> lines) {
        EventClock clock = new EventClock(Instant.parse("2026-11-23T12:00:00Z"));
        IncidentTracker tracker = new IncidentTracker(CFG.incidents(), clock);
        EventPipeline p = Pipelines.create(CFG.pipeline(), clock, tracker);
        BreakerRegistry breakers = new BreakerRegistry(CFG.breakers(), clock, ProfileResolver.DEFAULT, null);
        p.addEventListener(breakers::onEvent);
        p.addRequestListener(breakers::onRequest);

        for (byte[] b : lines) p.acceptLine(new String(b, StandardCharsets.UTF_8));
        p.tick();
        breakers.tick();

        PipelineStats s = p.stats();
        assertThat(s.lines()).isEqualTo(lines.size());
        assertThat(s.eventsByType().values().stream().mapToLong(Long::longValue).sum()).as("one event per line").isEqualTo(lines.size());
        assertThat(s.malformed()).isEqualTo(s.events(EventType.MALFORMED));
        assertThat(s.listenerErrors()).as("breakers never throw").isZero();
        assertThat(tracker.open()).allSatisfy(i -> assertThat(i.occurrences()).isPositive());
        return s;
    }

    /** Writes the lines to a file in {@code dir}, replays it and checks the counts; returns how many lines were oversized. */
    static long replay(Path dir, List<byte[]> lines) {
        try {
            Path file = Files.createTempFile(dir, "openclaw-", ".log");
            long oversizedFed = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                for (byte[] b : lines) {
                    out.write(b);
                    out.write('\n');
                    if (b.length > CFG.tail().maxLineBytes()) oversizedFed++;
                }
            }
            Replay.Result r = Replay.run(CFG.pipeline(), List.of(file), new IncidentListener() {}, 1);

            assertThat(r.stats().lines() + r.stats().oversized()).as("parsed or skipped, every line").isEqualTo(lines.size());
            assertThat(r.duplicateLines()).isZero();
            assertThat(r.stats().oversized()).isEqualTo(oversizedFed);
            assertThat(r.stats().eventsByType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.stats().lines());
            assertThat(r.stats().listenerErrors()).isZero();
            Files.delete(file);
            return oversizedFed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theLivePipelineNeverThrowsAndCountsEveryLine() {
        int tries = 150;
        int[] withMalformed = {0};
        int[] withParsed = {0};
        SeededRuns.forEach(tries, r -> {
            PipelineStats s = live(LineMutations.batch(r, 40));
            if (s.malformed() > 0) withMalformed[0]++;
            if (s.lines() > s.malformed()) withParsed[0]++;
        });
        // the generator is worth something only if it makes both kinds of batches
        assertThat(withMalformed[0]).as("batches with malformed lines").isGreaterThan(tries / 5);
        assertThat(withParsed[0]).as("batches with parsed lines").isGreaterThan(tries / 5);
    }

    @Test
    void replayFromAFileNeverThrowsAndCountsEveryLine() {
        int tries = 60;
        int[] withOversized = {0};
        SeededRuns.forEach(tries, r -> {
            if (replay(tmp, LineMutations.batch(r, 40)) > 0) withOversized[0]++;
        });
        assertThat(withOversized[0]).as("batches with oversized lines").isGreaterThan(tries / 20);
    }
}
