package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.OpenClawLineParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines the simulator writes must be read by gatewarden exactly as the real gateway's lines are: same event
 * types, models, run ids and times. And the bundled lines are the fixtures' own lines, untouched but for the time.
 */
class GatewayLinesTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");
    private final GatewayLines lines = new GatewayLines(ZoneOffset.UTC);
    private final OpenClawLineParser parser = new OpenClawLineParser();

    @Test
    void madeUpLinesParseAsTheRealOnes() {
        String run = "11111111-2222-3333-4444-555555555555";
        GatewayEvent applied = parser.parse(lines.reloadApplied(List.of("agents.defaults.model.primary"), NOW));
        assertThat(applied.type()).isEqualTo(EventType.CONFIG_RELOAD_APPLIED);
        assertThat(applied.detail()).contains("agents.defaults.model.primary");
        assertThat(applied.time()).isEqualTo(NOW);

        assertThat(parser.parse(lines.reloadDetected(List.of("agents.defaults.model.primary"), NOW)).type())
                .isEqualTo(EventType.CONFIG_CHANGE_DETECTED);
        assertThat(parser.parse(lines.reloadSkipped("agents.defaults.model: Unrecognized key", NOW)).type())
                .isEqualTo(EventType.CONFIG_RELOAD_SKIPPED);

        GatewayEvent accepted = parser.parse(lines.runAccepted(run, 58, NOW));
        assertThat(accepted.type()).isEqualTo(EventType.RUN_ACCEPTED);
        assertThat(accepted.runId()).isEqualTo(run);

        GatewayEvent fetch = parser.parse(lines.fetchOk("fakeanth", "anthropic-messages", "ovl-529", 21, NOW));
        assertThat(fetch.type()).isEqualTo(EventType.MODEL_FETCH);
        assertThat(fetch.modelRef()).isEqualTo("fakeanth/ovl-529");
        assertThat(fetch.status()).isEqualTo(200);

        GatewayEvent ok = parser.parse(lines.candidateSucceeded(run, "lab-s1", "fakeoa/rl-429", "rate_limit", 429,
                "fakeanth/ovl-529", 2, 4, NOW));
        assertThat(ok.type()).isEqualTo(EventType.FALLBACK_CANDIDATE_SUCCEEDED);
        assertThat(ok.modelRef()).isEqualTo("fakeanth/ovl-529");
        assertThat(ok.runId()).isEqualTo(run);

        GatewayEvent ended = parser.parse(lines.runEnded(run, NOW));
        assertThat(ended.type()).isEqualTo(EventType.RUN_SUCCEEDED);
        assertThat(ended.runId()).isEqualTo(run);
    }

    @Test
    void bundledLinesAreTheFixturesOwnAndReplayWithNewTimesAndRunIds() throws Exception {
        List<String> storm = GatewayLines.resource(GatewayLines.STORM);
        List<String> fixture02 = Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl"));
        assertThat(fixture02).containsAll(storm);
        List<String> exhausted = GatewayLines.resource(GatewayLines.CHAIN_EXHAUSTED);
        assertThat(Files.readAllLines(FIXTURES.resolve("logs/06-chain-exhausted-all-models-failed.info.jsonl"))).containsAll(exhausted);
        assertThat(GatewayLines.class.getResourceAsStream("/demo/openclaw.json").readAllBytes())
                .isEqualTo(Files.readAllBytes(FIXTURES.resolve("configs/01-initial-openclaw.json")));

        GatewayLines.RunIds ids = new GatewayLines.RunIds();
        List<GatewayEvent> before = new ArrayList<>();
        List<GatewayEvent> after = new ArrayList<>();
        for (String l : storm) {
            before.add(parser.parse(l));
            after.add(parser.parse(lines.restamp(ids.rewrite(l), NOW)));
        }
        for (int i = 0; i < storm.size(); i++) {
            GatewayEvent a = before.get(i);
            GatewayEvent b = after.get(i);
            assertThat(b.type()).as("line %d", i).isEqualTo(a.type());
            assertThat(b.modelRef()).isEqualTo(a.modelRef());
            assertThat(b.time()).isEqualTo(NOW);
            if (a.runId() != null) assertThat(b.runId()).isNotEqualTo(a.runId()).isEqualTo(after.get(0).runId());
        }
        assertThat(after).extracting(GatewayEvent::type).contains(EventType.RUN_ATTEMPT_FAILED, EventType.FALLBACK_CANDIDATE_FAILED);
    }

    @Test
    void changedPathsAreNamedLikeOpenClawNamesThem() throws Exception {
        String text = new String(GatewayLines.class.getResourceAsStream("/demo/openclaw.json").readAllBytes());
        JsonNode a = Json5Editor.parse(text);
        JsonNode b = Json5Editor.parse(Json5Editor.setString(text, "agents.defaults.model.primary", "fakeoa/ok").newText());
        List<String> paths = new ArrayList<>();
        GatewaySimulator.diff(a, b, "", paths);
        assertThat(paths).containsExactly("agents.defaults.model.primary");

        JsonNode c = new ObjectMapper().readTree("{\"agents\":{\"defaults\":{\"model\":{\"primary\":\"x\",\"fallbacks\":[\"y\"]}}},\"meta\":{}}");
        JsonNode d = new ObjectMapper().readTree("{\"agents\":{\"defaults\":{\"model\":{\"primary\":\"x\",\"fallbacks\":[\"z\"]}}},\"plugins\":{}}");
        paths.clear();
        GatewaySimulator.diff(c, d, "", paths);
        assertThat(paths).containsExactly("agents.defaults.model.fallbacks", "meta", "plugins");
    }
}
