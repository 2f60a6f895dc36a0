package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.node.TextNode;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.JournalEntry;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigWriterTest {
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");
    static final String PRIMARY = "agents.defaults.model.primary";

    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");

    ActionJournal journal() {
        return new ActionJournal(dir.resolve("state/actions.jsonl"), 1 << 20, clock);
    }

    Path config(String fixture) throws Exception {
        Path p = dir.resolve("openclaw.json");
        Files.copy(CONFIGS.resolve(fixture), p);
        return p;
    }

    static GatewayConfigWriter.Request setPrimary(String from, String to, boolean dryRun, String basedOn) {
        return new GatewayConfigWriter.Request("switch_primary", "a1", "test", "inc-1",
                List.of(new GatewayConfigWriter.Change(PRIMARY, from == null ? null : TextNode.valueOf(from), TextNode.valueOf(to))), dryRun, basedOn);
    }

    @Test
    void writesAtomically_keepsPermissions_backsUp_andJournals() throws Exception {
        Path cfg = config("09-rate-limit-cooldown-openclaw.json");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r-----"));
        String before = Files.readString(cfg);
        ActionJournal j = journal();
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, j, clock, 3, null);

        GatewayConfigWriter.Result r = w.apply(setPrimary("fakerl/rl-429", "fakeanth/ok", false, null));
        assertThat(r.outcome()).isEqualTo("written");
        assertThat(Files.readString(cfg)).isEqualTo(before.replace("\"primary\": \"fakerl/rl-429\"", "\"primary\": \"fakeanth/ok\""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).isEqualTo("rw-r-----");
        assertThat(r.backup()).hasFileName("openclaw.json.gatewarden-bak.20261123T120000.000Z");
        assertThat(Files.readString(r.backup())).isEqualTo(before);
        assertThat(r.afterSha256()).isEqualTo(GatewayConfigWriter.sha256(Files.readAllBytes(cfg)));

        JournalEntry e = j.readAll().get(0);
        assertThat(e.action()).isEqualTo("switch_primary");
        assertThat(e.outcome()).isEqualTo("written");
        assertThat(e.path()).isEqualTo(PRIMARY);
        assertThat(e.before().textValue()).isEqualTo("fakerl/rl-429");
        assertThat(e.after().textValue()).isEqualTo("fakeanth/ok");
        assertThat(e.incidentId()).isEqualTo("inc-1");
        assertThat(e.isDryRun()).isFalse();
        assertThat(e.file()).isEqualTo(cfg.toRealPath().toString());
        assertThat(e.backup()).isEqualTo(r.backup().toString());
        assertThat(Files.readString(j.file())).contains("\"incident_id\":\"inc-1\"", "\"dry_run\":false");

        // undo from the journal entry
        clock.advance(Duration.ofSeconds(1));
        w.undo(e.changes(), "a2", "operator undo", false);
        assertThat(Files.readString(cfg)).isEqualTo(before);
    }

    @Test
    void keepsOnlyTheNewestBackups() throws Exception {
        Path cfg = config("01-initial-openclaw.json");
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, journal(), clock, 3, dir.resolve("bak"));
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(1));
            w.apply(setPrimary(null, "p/m" + i, false, null));
        }
        try (var s = Files.list(dir.resolve("bak"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "openclaw.json.gatewarden-bak.20261123T120004.000Z",
                    "openclaw.json.gatewarden-bak.20261123T120005.000Z",
                    "openclaw.json.gatewarden-bak.20261123T120006.000Z");
        }
        assertThat(Files.readString(dir.resolve("bak/openclaw.json.gatewarden-bak.20261123T120006.000Z"))).contains("\"p/m4\"");
    }

    @Test
    void anInvalidConfigWrittenBySomeoneElseIsNeverOverwritten() throws Exception {
        Path cfg = dir.resolve("openclaw.json");
        Files.copy(CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json"), cfg);
        byte[] before = Files.readAllBytes(cfg);
        ActionJournal j = journal();
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, j, clock, 3, null);
        assertThatThrownBy(() -> w.apply(setPrimary(null, "a/b", false, null)))
                .isInstanceOf(Json5EditException.class).hasMessageContaining("not valid JSON5");
        assertThat(Files.readAllBytes(cfg)).isEqualTo(before);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("openclaw.json", "state");
        }
        assertThat(j.readAll()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.detail()).contains("not valid JSON5");
        });
    }

    @Test
    void refusesWhenTheValueIsNoLongerWhatTheDecisionSaw() throws Exception {
        Path cfg = config("01-initial-openclaw.json");
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, journal(), clock, 3, null);
        String snapshotHash = w.read().sha256();
        // a human switched the primary meanwhile
        Files.writeString(cfg, Files.readString(cfg).replace("\"fakeoa/rl-429\"", "\"fakeanth/ok\""));
        byte[] human = Files.readAllBytes(cfg);
        assertThatThrownBy(() -> w.apply(setPrimary("fakeoa/rl-429", "fakeoa/ok", false, snapshotHash)))
                .isInstanceOf(Json5EditException.class).hasMessageContaining("someone else changed it")
                .extracting(ex -> ((Json5EditException) ex).kind()).isEqualTo(Json5EditException.Kind.PRECONDITION_FAILED);
        assertThat(Files.readAllBytes(cfg)).isEqualTo(human);
    }

    @Test
    void anUnrelatedConcurrentEditIsKept_andNoted() throws Exception {
        Path cfg = config("01-initial-openclaw.json");
        ActionJournal j = journal();
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, j, clock, 3, null);
        String snapshotHash = w.read().sha256();
        Files.writeString(cfg, Files.readString(cfg).replace("\"level\": \"debug\"", "\"level\": \"info\""));
        w.apply(setPrimary("fakeoa/rl-429", "fakeoa/ok", false, snapshotHash));
        String now = Files.readString(cfg);
        assertThat(now).contains("\"level\": \"info\"", "\"primary\": \"fakeoa/ok\"");
        assertThat(j.readAll().get(0).detail()).contains("file changed since the decision was made");
    }

    @Test
    void dryRunWritesNothing_butJournals() throws Exception {
        Path cfg = config("01-initial-openclaw.json");
        byte[] before = Files.readAllBytes(cfg);
        ActionJournal j = journal();
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, j, clock, 3, null);
        GatewayConfigWriter.Result r = w.apply(setPrimary("fakeoa/rl-429", "fakeoa/ok", true, null));
        assertThat(r.outcome()).isEqualTo("dry_run");
        assertThat(Files.readAllBytes(cfg)).isEqualTo(before);
        assertThat(r.newText()).contains("\"primary\": \"fakeoa/ok\"");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains("gatewarden-bak"))).isEmpty();
        }
        assertThat(j.readAll()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("dry_run");
            assertThat(e.isDryRun()).isTrue();
            assertThat(e.after().textValue()).isEqualTo("fakeoa/ok");
        });
    }

    @Test
    void restorePutsTheBackupBack_onlyOverOurOwnWrite() throws Exception {
        Path cfg = config("01-initial-openclaw.json");
        byte[] original = Files.readAllBytes(cfg);
        GatewayConfigWriter w = new GatewayConfigWriter(cfg, journal(), clock, 3, null);
        GatewayConfigWriter.Result r = w.apply(setPrimary(null, "fakeoa/ok", false, null));
        w.restore(r.backup(), r.afterSha256(), "restore_config", "a1", "reload skipped", null);
        assertThat(Files.readAllBytes(cfg)).isEqualTo(original);

        GatewayConfigWriter.Result r2 = w.apply(setPrimary(null, "fakeoa/ok", false, null));
        Files.writeString(cfg, Files.readString(cfg).replace("\"fakeoa/ok\"", "\"fakeanth/ok\"")); // a human after us
        byte[] human = Files.readAllBytes(cfg);
        assertThatThrownBy(() -> w.restore(r2.backup(), r2.afterSha256(), "restore_config", "a2", "timeout", null))
                .hasMessageContaining("changed since our write");
        assertThat(Files.readAllBytes(cfg)).isEqualTo(human);
    }

    @Test
    void aSymlinkedConfigIsEditedAtItsTarget() throws Exception {
        Path real = dir.resolve("dotfiles/openclaw.json");
        Files.createDirectories(real.getParent());
        Files.copy(CONFIGS.resolve("01-initial-openclaw.json"), real);
        Path link = Files.createSymbolicLink(dir.resolve("openclaw.json"), real);
        new GatewayConfigWriter(link, journal(), clock, 3, null).apply(setPrimary(null, "fakeoa/ok", false, null));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"primary\": \"fakeoa/ok\"");
    }

    @Test
    void journalSurvivesATornLastLine() throws Exception {
        ActionJournal j = journal();
        j.append(JournalEntry.builder("switch_primary", "taken", "started").reason("one").build());
        j.close();
        Files.writeString(j.file(), "{\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        ActionJournal j2 = journal();
        j2.append(JournalEntry.builder("switch_primary", "taken", "started").reason("two").build());
        assertThat(j2.readAll()).extracting(JournalEntry::reason).containsExactly("one", "two");
    }
}
