package io.gatewarden.api;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonBuilder;
import io.gatewarden.daemon.DaemonSupervisor;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mutating API below HTTP: the token gate, strict bodies, each operation against a real daemon on temp files,
 * and the journal line every request leaves (who, what, why).
 */
class ControlTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private static final BreakerKey OK = new BreakerKey("fakeoa:default", "fakeoa/ok");

    @TempDir Path dir;
    private TestDaemons w;
    private DaemonSupervisor sup;
    private final Map<String, String> env = new HashMap<>(Map.of("GW_TEST_TOKEN", TOKEN));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private Control control;

    @BeforeEach
    void start() throws Exception {
        w = new TestDaemons(dir);
        sup = new DaemonSupervisor((cfg, fs) -> DaemonBuilder.build(cfg, Clock.systemUTC(), fs), w.configFile);
        sup.start(w.config(), false);
        control = new Control(sup, env::get, clock);
    }

    @AfterEach
    void stop() {
        sup.close();
    }

    private Daemon daemon() {
        return sup.current().orElseThrow();
    }

    private Reply call(String op, String auth, String body, java.util.Set<String> fields, Control.Operation operation) {
        return control.mutate(op, new Control.Caller("127.0.0.1", auth), body, fields, operation);
    }

    private Reply open(String auth, String body) {
        return call("breaker_open", auth, body, ApiOperations.BREAKER_OPEN_FIELDS, ApiOperations::openBreaker);
    }

    private static String bearer() {
        return "Bearer " + TOKEN;
    }

    private JournalEntry lastJournal() {
        List<JournalEntry> all = daemon().journal().recent(1);
        return all.isEmpty() ? null : all.get(0);
    }

    @Test
    void withoutATokenOrWithAWrongOneNothingChangesAndTheRefusalIsJournalled() {
        String body = "{\"profile\":\"fakeoa:default\",\"model\":\"fakeoa/ok\"}";

        Reply missing = open(null, body);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"gatewarden\"");
        assertThat(((ApiError) missing.body()).error()).isEqualTo("unauthorized");
        assertThat(daemon().breakers().find(OK)).isEmpty();
        JournalEntry j = lastJournal();
        assertThat(j.action()).isEqualTo("api_breaker_open");
        assertThat(j.decision()).isEqualTo("declined");
        assertThat(j.outcome()).isEqualTo("unauthorized");
        assertThat(j.by()).isEqualTo("unauthenticated client at 127.0.0.1");

        // a wrong token, within 10 s: refused, not journalled again (a scanner cannot flood the journal)
        int lines = daemon().journal().readAll().size();
        Reply wrong = open("Bearer " + TOKEN + "x", body);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(((ApiError) wrong.body()).detail()).doesNotContain(TOKEN);
        assertThat(open("Basic " + TOKEN, body).status()).isEqualTo(401);
        assertThat(daemon().journal().readAll()).hasSize(lines);
        clock.advance(Duration.ofSeconds(11));
        open("Bearer nope", body);
        assertThat(lastJournal().detail()).isEqualTo("2 more refusal(s) for a missing or wrong token were not journalled");
        assertThat(daemon().breakers().find(OK)).isEmpty();
        assertThat(daemon().journal().readAll()).noneMatch(e -> String.valueOf(e).contains(TOKEN));
    }

    @Test
    void withNoTokenConfiguredEveryMutationIsForbidden() {
        env.clear();
        Reply r = call("dry_run", bearer(), "{\"enabled\":true}", ApiOperations.DRY_RUN_FIELDS, ApiOperations.dryRun(sup));
        assertThat(r.status()).isEqualTo(403);
        assertThat(((ApiError) r.body()).detail()).contains("mutating API calls are disabled").contains("$GW_TEST_TOKEN");
        assertThat(daemon().guard().dryRun()).isFalse();
        assertThat(lastJournal().outcome()).isEqualTo("forbidden");
    }

    @Test
    void theTokenMayComeFromAFileAndIsReadAtEachRequest() throws Exception {
        Path secret = Files.writeString(dir.resolve("token"), "from-file-token-123\n");
        ApiToken t = ApiToken.resolve(new io.gatewarden.config.HttpSettings(null, null, "UNSET_VAR_X", secret.toString()), n -> null);
        assertThat(t.configured()).isTrue();
        assertThat(t.acceptsHeader("bearer from-file-token-123")).isTrue();
        assertThat(t.acceptsHeader("Bearer from-file-token-12")).isFalse();
        assertThat(t.fingerprint()).startsWith("fp:").hasSize(11);
        assertThat(t.toString()).doesNotContain("from-file-token");
        assertThat(ApiToken.resolve(io.gatewarden.config.HttpSettings.defaults(), n -> null).problem())
                .contains("http.api_token_env or http.api_token_file");
    }

    @Test
    void breakersAreForcedOpenAndResetByTheOperatorAndTheJournalSaysWhoAndWhy() {
        Reply opened = open(bearer(), "{\"profile\":\"fakeoa:default\",\"model\":\"fakeoa/ok\",\"duration\":\"10m\","
                + "\"reason\":\"provider maintenance\",\"by\":\"alice\"}");
        assertThat(opened.status()).isEqualTo(200);
        assertThat(daemon().breakers().status(OK)).isEqualTo(BreakerStatus.OPEN);
        JournalEntry j = lastJournal();
        assertThat(j.action()).isEqualTo("api_breaker_open");
        assertThat(j.decision()).isEqualTo("taken");
        assertThat(j.outcome()).isEqualTo("opened");
        assertThat(j.reason()).isEqualTo("provider maintenance");
        assertThat(j.by()).startsWith("alice via api (token fp:").endsWith(") from 127.0.0.1");

        Reply reset = call("breaker_reset", bearer(), "{\"profile\":\"fakeoa:default\",\"model\":\"fakeoa/ok\"}",
                ApiOperations.BREAKER_RESET_FIELDS, ApiOperations::resetBreaker);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(daemon().breakers().status(OK)).isEqualTo(BreakerStatus.CLOSED);
        assertThat(((Map<?, ?>) reset.body()).get("changed")).isEqualTo(true);
        Reply again = call("breaker_reset", bearer(), "{\"profile\":\"fakeoa:default\",\"model\":\"fakeoa/ok\"}",
                ApiOperations.BREAKER_RESET_FIELDS, ApiOperations::resetBreaker);
        assertThat(((Map<?, ?>) again.body()).get("changed")).isEqualTo(false);

        Reply unknown = call("breaker_reset", bearer(), "{\"profile\":\"nobody\",\"model\":\"x/y\"}",
                ApiOperations.BREAKER_RESET_FIELDS, ApiOperations::resetBreaker);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(lastJournal().outcome()).isEqualTo("not_found");
    }

    @Test
    void badInputIsA400ThatNamesTheField() {
        assertField(open(bearer(), "{\"profile\":\"p\"}"), "model");
        assertField(open(bearer(), "{\"profile\":\"p\",\"model\":\"no-slash\"}"), "model");
        assertField(open(bearer(), "{\"profile\":\"p\",\"model\":\"a/b\",\"duration\":\"soon\"}"), "duration");
        assertField(open(bearer(), "{\"profile\":\"p\",\"model\":\"a/b\",\"duration\":\"30d\"}"), "duration");
        assertField(open(bearer(), "{\"profile\":\"p\",\"model\":\"a/b\",\"modle\":1}"), "modle");
        assertField(open(bearer(), "{\"profile\":7,\"model\":\"a/b\"}"), "profile");
        Reply notJson = open(bearer(), "{profile");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(((ApiError) notJson.body()).detail()).startsWith("the body is not valid JSON");
        assertThat(lastJournal().outcome()).isEqualTo("bad_request");
        assertThat(daemon().breakers().size()).isZero();
    }

    private static void assertField(Reply r, String field) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(((ApiError) r.body()).field()).isEqualTo(field);
        assertThat(((ApiError) r.body()).detail()).contains(field);
    }

    @Test
    void silencesAreAddedListedAndExpired() {
        Reply bad = call("silence_add", bearer(), "{\"matchers\":[\"provider=~(\"],\"duration\":\"1h\"}",
                ApiOperations.SILENCE_FIELDS, ApiOperations::addSilence);
        assertField(bad, "matchers[0]");
        assertField(call("silence_add", bearer(), "{\"matchers\":[\"provider=x\"]}", ApiOperations.SILENCE_FIELDS,
                ApiOperations::addSilence), "duration");

        Reply added = call("silence_add", bearer(), "{\"matchers\":[\"alertname=provider_rate_limited\",\"provider=fakeoa\"],"
                + "\"duration\":\"2h\",\"comment\":\"known outage\",\"by\":\"bob\"}", ApiOperations.SILENCE_FIELDS, ApiOperations::addSilence);
        assertThat(added.status()).isEqualTo(201);
        String id = (String) ((Map<?, ?>) added.body()).get("id");
        assertThat(daemon().alerts().silences()).anyMatch(s -> s.id().equals(id) && s.createdBy().startsWith("bob via api"));

        Reply expired = call("silence_expire", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations.expireSilence(id));
        assertThat(expired.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) expired.body()).get("state")).isEqualTo("expired");
        assertThat(call("silence_expire", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations.expireSilence(id)).status()).isEqualTo(409);
        assertThat(call("silence_expire", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations.expireSilence("nope")).status()).isEqualTo(404);
    }

    @Test
    void dryRunSetThroughTheApiSurvivesAReload() {
        Reply r = call("dry_run", bearer(), "{\"enabled\":true,\"reason\":\"investigating\"}", ApiOperations.DRY_RUN_FIELDS, ApiOperations.dryRun(sup));
        assertThat(r.status()).isEqualTo(200);
        assertThat(daemon().guard().dryRun()).isTrue();
        assertField(call("dry_run", bearer(), "{\"enabled\":\"yes\"}", ApiOperations.DRY_RUN_FIELDS, ApiOperations.dryRun(sup)), "enabled");

        Daemon before = daemon();
        Reply reload = call("reload", bearer(), "{}", ApiOperations.NO_FIELDS, ApiOperations.reload(sup));
        assertThat(reload.status()).isEqualTo(200);
        assertThat(daemon()).isNotSameAs(before);
        assertThat(daemon().guard().dryRun()).isTrue();
        assertThat(daemon().journal().recent(2)).extracting(JournalEntry::action).containsExactly("reload_config", "api_reload");
    }

    @Test
    void anInvalidConfigOnReloadIsA409AndTheDaemonStays() throws Exception {
        Daemon before = daemon();
        Files.writeString(w.configFile, w.yaml("alert:\n  recievers: []\n")); // a typo: unknown key
        Reply r = call("reload", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations.reload(sup));
        assertThat(r.status()).isEqualTo(409);
        assertThat(((ApiError) r.body()).error()).isEqualTo("invalid_config");
        assertThat(((ApiError) r.body()).detail()).contains(w.configFile.toString());
        assertThat(daemon()).isSameAs(before);
        assertThat(daemon().journal().recent(2)).extracting(JournalEntry::outcome).containsExactly("invalid_config", "invalid_config");
    }

    @Test
    void pinWritesThePrimaryAndUnpinEndsIt() throws Exception {
        Reply pinned = call("pin_primary", bearer(), "{\"model\":\"fakeoa/ok\",\"reason\":\"stay on the cheap one\"}",
                ApiOperations.PIN_FIELDS, ApiOperations::pin);
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) pinned.body()).get("outcome")).isEqualTo("written");
        assertThat(Json5Editor.valueAt(Files.readString(w.openclawJson), "agents.defaults.model.primary").textValue()).isEqualTo("fakeoa/ok");
        assertThat(daemon().switcher().orElseThrow().state().pinned()).isEqualTo("fakeoa/ok");

        // a second pin while the first awaits the gateway's confirmation: 409
        Reply busy = call("pin_primary", bearer(), "{\"model\":\"anthropic/claude-sonnet-4-5\"}", ApiOperations.PIN_FIELDS, ApiOperations::pin);
        assertThat(busy.status()).isEqualTo(409);

        Reply unpinned = call("unpin_primary", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations::unpin);
        assertThat(unpinned.status()).isEqualTo(200);
        assertThat(daemon().switcher().orElseThrow().state().pinned()).isNull();
        Reply nothing = call("unpin_primary", bearer(), "", ApiOperations.NO_FIELDS, ApiOperations::unpin);
        assertThat(((Map<?, ?>) nothing.body()).get("changed")).isEqualTo(false);
    }

    @Test
    void theRestartBudgetIsReset() {
        Reply r = call("restart_budget_reset", bearer(), "{\"reason\":\"fixed the unit file\"}", ApiOperations.NO_FIELDS,
                ApiOperations::resetRestartBudget);
        assertThat(r.status()).isEqualTo(200);
        assertThat(daemon().journal().recent(5)).anyMatch(e -> "restart".equals(e.action()) && e.reason().contains("fixed the unit file"));
        assertThat(lastJournal().action()).isEqualTo("api_restart_budget_reset");
    }
}
