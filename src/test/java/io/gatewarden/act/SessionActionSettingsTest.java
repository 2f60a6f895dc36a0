package io.gatewarden.act;

import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionActionSettingsTest {
    @Test
    void bindsUnderAct_withDefaults() throws Exception {
        ActSettings s = ConfigMapper.yaml().readValue("""
                dry_run: false
                sessions:
                  command: /opt/openclaw/bin/openclaw
                  env: {HOME: /home/openclaw}
                  quarantine: archive
                  compact_cooldown: 1h
                  threshold_grace: 30s
                  allow_main_sessions: true
                """, ActSettings.class);
        SessionActionSettings ss = s.sessions();
        assertThat(ss.command()).containsExactly("/opt/openclaw/bin/openclaw");
        assertThat(ss.env()).isEqualTo(Map.of("HOME", "/home/openclaw"));
        assertThat(ss.quarantine()).isEqualTo("archive");
        assertThat(ss.compactCooldown()).isEqualTo(Duration.ofHours(1));
        assertThat(ss.thresholdGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ss.allowMainSessions()).isTrue();
        assertThat(ss.maxLines()).isEqualTo(1);

        SessionActionSettings d = ActSettings.defaults().sessions();
        assertThat(d.enabled()).isTrue();
        assertThat(d.quarantine()).isEqualTo("truncate");
        assertThat(d.allowMainSessions()).isFalse();
        assertThat(d.command()).isEqualTo(List.of("openclaw"));
        assertThat(ActSettings.defaults().withGateway("home").sessions()).isEqualTo(d);
    }

    @Test
    void transcriptErrors_matchTheFormatRejectionsOfCaptures_notRateLimits() {
        SessionActionSettings d = SessionActionSettings.defaults();
        assertThat(d.isTranscriptError("messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks")).isTrue();
        assertThat(d.isTranscriptError("prompt is too long: 215000 tokens > 200000 maximum")).isTrue();
        assertThat(d.isTranscriptError("This model's maximum context length is 8192 tokens")).isTrue();
        assertThat(d.isTranscriptError("Rate limit reached for requests per min (RPM)")).isFalse();
    }

    @Test
    void rejectsAnUnknownQuarantine() {
        assertThatThrownBy(() -> new SessionActionSettings(null, null, null, null, null, null, null, "delete", null, null, null, null))
                .hasMessageContaining("truncate, archive or off");
    }
}
