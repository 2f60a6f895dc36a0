package io.gatewarden.lint;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChainLintWatcherTest {
    static final Path SEED = Path.of("src/test/resources/fixtures/seed-cases/chain-without-credentials");

    @TempDir
    Path dir;

    Path config;
    Path auth;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    final RecordingSink sink = new RecordingSink();
    ChainLintWatcher watcher;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("openclaw.json");
        auth = dir.resolve("auth-profiles.json");
        Files.copy(SEED.resolve("openclaw.json"), config);
        Files.copy(SEED.resolve("auth-profiles.json"), auth);
        watcher = new ChainLintWatcher(config, null, LintSettings.defaults(), sink, clock);
    }

    @Test
    void reportsEachFindingAsAnIncidentAndResolvesItWhenFixed() throws Exception {
        ChainLintWatcher.PollResult first = watcher.pollOnce();
        assertThat(first.changed()).isTrue();
        assertThat(first.error()).isNull();
        assertThat(sink.signals).extracting(s -> s.labels().get("code")).containsExactlyInAnyOrder(
                "no_credentials", "provider_not_registered", "shared_credential", "order_policy");
        assertThat(sink.signals).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CHAIN_MISCONFIGURED);
            assertThat(s.at()).isEqualTo(clock.instant());
            assertThat(s.labels()).containsEntry("agent", "defaults").containsEntry("file", config.toString());
        });
        Signal openai = sink.byCode("no_credentials");
        assertThat(openai.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(openai.labels()).containsEntry("rung", "3").containsEntry("provider", "openai").containsEntry("model", "gpt-4.1");
        assertThat(openai.summary()).startsWith("chain defaults rung 3 openai/gpt-4.1: provider openai has no credentials");
        assertThat(openai.evidence()).contains("at agents.defaults.model.fallbacks[1]");
        Signal shared = sink.byCode("shared_credential");
        assertThat(shared.severity()).isEqualTo(Severity.WARNING);
        assertThat(shared.labels()).containsEntry("rung", "1,2").containsEntry("provider", "anthropic").doesNotContainKey("model");
        assertThat(sink.signals).noneMatch(s -> s.summary().contains("sk-ant"));

        // nothing changed: nothing said
        sink.clear();
        clock.advance(Duration.ofSeconds(5));
        assertThat(watcher.pollOnce().changed()).isFalse();
        assertThat(sink.signals).isEmpty();

        // register ollama: that finding resolves, the others stay open without being re-signalled
        clock.advance(Duration.ofSeconds(5));
        Files.writeString(config, Files.readString(config).replace("gateway:",
                "models: { providers: { ollama: { baseUrl: 'http://127.0.0.1:11434', api: 'ollama' } } },\n  gateway:"));
        assertThat(watcher.pollOnce().changed()).isTrue();
        assertThat(sink.resolves).singleElement().satisfies(r -> {
            assertThat(r.labels()).containsEntry("code", "provider_not_registered").containsEntry("rung", "4");
            assertThat(r.at()).isEqualTo(clock.instant());
        });
        assertThat(sink.signals).isEmpty();
        assertThat(watcher.openFindings()).hasSize(3);

        // an openai key in the legacy file resolves the credentials error
        sink.clear();
        Files.writeString(auth, Files.readString(auth).replace("\"voyage:default\"", "\"openai:default\": { \"apiKey\": \"sk-o\" },\n    \"voyage:default\""));
        watcher.pollOnce();
        assertThat(sink.resolves).extracting(r -> r.labels().get("code")).containsExactly("no_credentials");
    }

    @Test
    void anInvalidEditIsAnIncidentAndKeepsTheLastFindingsOpen() throws Exception {
        watcher.pollOnce();
        sink.clear();
        String good = Files.readString(config);
        Files.writeString(config, "{ agents: { defaults: { model: ");
        ChainLintWatcher.PollResult broken = watcher.pollOnce();
        assertThat(broken.error()).isNotNull();
        assertThat(broken.error().line()).isEqualTo(1);
        assertThat(sink.resolves).isEmpty();
        assertThat(sink.signals).singleElement().satisfies(s -> {
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.labels()).containsEntry("code", "config_invalid").containsEntry("file", config.toString());
            assertThat(s.summary()).contains("cannot read the gateway config").contains(config + ":1:");
        });
        assertThat(watcher.openFindings()).hasSize(4);

        sink.clear();
        Files.writeString(config, good);
        watcher.pollOnce();
        assertThat(sink.resolves).singleElement().satisfies(r -> assertThat(r.labels()).containsEntry("code", "config_invalid"));
        assertThat(sink.signals).isEmpty();
    }

    @Test
    void aSameSizeEditWithTheOldMtimeIsStillSeen() throws Exception {
        watcher.pollOnce();
        sink.clear();
        FileTime before = Files.getLastModifiedTime(config);
        long size = Files.size(config);
        Files.writeString(config, Files.readString(config).replace("openai/gpt-4.1", "openai/gpt-4.2"));
        Files.setLastModifiedTime(config, before);
        assertThat(Files.size(config)).isEqualTo(size);
        assertThat(watcher.pollOnce().changed()).isTrue();
        assertThat(sink.resolves).extracting(r -> r.labels().get("model")).containsExactly("gpt-4.1");
        assertThat(sink.signals).extracting(s -> s.labels().get("model")).containsExactly("gpt-4.2");
    }

    @Test
    void openFindingsAreReSignalledToStayOpen() throws Exception {
        watcher.pollOnce();
        List<String> keys = sink.signals.stream().map(Signal::occurrenceKey).toList();
        sink.clear();
        clock.advance(Duration.ofSeconds(30));
        watcher.pollOnce();
        assertThat(sink.signals).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        watcher.pollOnce();
        assertThat(sink.signals).extracting(Signal::occurrenceKey).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(sink.signals).allSatisfy(s -> assertThat(s.at()).isEqualTo(clock.instant()));
    }

    @Test
    void aMissingConfigIsReportedAndPickedUpWhenItAppears() throws Exception {
        Path later = dir.resolve("later/openclaw.json");
        ChainLintWatcher w = new ChainLintWatcher(later, null, LintSettings.defaults(), sink, clock);
        ChainLintWatcher.PollResult r = w.pollOnce();
        assertThat(r.error().reason()).isEqualTo("no such file");
        assertThat(sink.byCode("config_invalid")).isNotNull();
        sink.clear();
        Files.createDirectories(later.getParent());
        Files.writeString(later, "{ agents: { defaults: { model: 'anthropic/claude-opus-4-6' } } }");
        w.pollOnce();
        assertThat(sink.resolves).extracting(x -> x.labels().get("code")).containsExactly("config_invalid");
        assertThat(sink.signals).extracting(s -> s.labels().get("code")).containsExactlyInAnyOrder("no_credentials", "no_fallbacks");
        // the places a legacy auth file may appear are watched too
        assertThat(w.watchedFiles()).contains(later.getParent().resolve("auth-profiles.json"));
        sink.clear();
        Files.writeString(later.getParent().resolve("auth-profiles.json"), "{\"profiles\":{\"anthropic:default\":{\"key\":\"k\"}}}");
        w.pollOnce();
        assertThat(sink.resolves).extracting(x -> x.labels().get("code")).containsExactly("no_credentials");
    }

    @Test
    void theRepeatAFailoverLeavesIsNotAFindingWhileGatewardenOwnsThatPrimary() throws Exception {
        java.util.Set<String> own = new java.util.HashSet<>();
        watcher.setOwnPrimaries(() -> java.util.Set.copyOf(own));
        watcher.pollOnce();
        sink.clear();

        // gatewarden switched the primary to the first fallback: only the primary's value changed
        own.add("anthropic/claude-sonnet-4-6");
        clock.advance(Duration.ofSeconds(5));
        Files.writeString(config, Files.readString(config).replace(
                "primary: \"anthropic/claude-opus-4-5\"", "primary: \"anthropic/claude-sonnet-4-6\""));
        watcher.pollOnce();
        assertThat(sink.signals).extracting(s -> s.labels().get("code")).doesNotContain("primary_repeated");

        // the same file when the switch is not ours (a human's edit, or gatewarden failed back meanwhile): a finding
        own.clear();
        ChainLintWatcher plain = new ChainLintWatcher(config, null, LintSettings.defaults(), sink, clock);
        plain.pollOnce();
        assertThat(sink.signals).extracting(s -> s.labels().get("code")).contains("primary_repeated");
    }

    record Resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {}

    static final class RecordingSink implements IncidentSink {
        final List<Signal> signals = new ArrayList<>();
        final List<Resolve> resolves = new ArrayList<>();

        @Override public void signal(Signal signal) { signals.add(signal); }

        @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
            resolves.add(new Resolve(type, labels, at, why));
        }

        Signal byCode(String code) {
            return signals.stream().filter(s -> code.equals(s.labels().get("code"))).findFirst().orElse(null);
        }

        void clear() {
            signals.clear();
            resolves.clear();
        }
    }
}
