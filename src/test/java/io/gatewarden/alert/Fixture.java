package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.testsupport.MutableClock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;

/** Builds real pipelines from YAML for tests, on a test clock, with the console captured. */
final class Fixture {
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
    final Path stateDir;
    Map<String, String> env = Map.of();

    Fixture(Path stateDir) {
        this.stateDir = stateDir;
    }

    static AlertSettings settings(String yaml) {
        try {
            return ConfigMapper.yaml().readValue(yaml, AlertSettings.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    AlertPipeline start(String yaml) {
        return start(settings(yaml), AlertContext.NONE);
    }

    AlertPipeline start(AlertSettings s, AlertContext ctx) {
        AlertPipeline p = AlertPipeline.builder(s, stateDir).clock(clock).context(ctx).env(env::get)
                .random(new Random(42)).console(console).autoTick(false).build();
        p.start();
        return p;
    }

    /** Moves the clock, runs what is due, and waits until the deliveries that are due now have finished. */
    void step(AlertPipeline p, Duration d) {
        clock.advance(d);
        settle(p);
    }

    void settle(AlertPipeline p) {
        p.tick();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(p::idle);
    }

    String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
