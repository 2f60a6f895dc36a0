package io.gatewarden.tail;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TailSettingsTest {

    @Test
    void defaults() {
        TailSettings s = TailSettings.defaults();
        assertThat(s.paths()).containsExactly("/tmp/openclaw/openclaw-*.log");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.fromStart()).isFalse();
        assertThat(s.maxLineBytes()).isEqualTo(1_048_576);
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.rotateWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.watch()).isTrue();
    }

    @Test
    void bindsFromYamlWithSnakeCaseKeysAndHumanDurations() throws Exception {
        String yaml = """
                paths: [/var/log/openclaw/openclaw-gateway*.log, /tmp/openclaw/openclaw-*.log]
                poll_interval: 100ms
                from_start: true
                max_line_bytes: 65536
                checkpoint_interval: 0s
                rotate_wait: 30s
                watch: false
                """;
        TailSettings s = ConfigMapper.yaml().readValue(yaml, TailSettings.class);
        assertThat(s.paths()).containsExactly("/var/log/openclaw/openclaw-gateway*.log", "/tmp/openclaw/openclaw-*.log");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.fromStart()).isTrue();
        assertThat(s.maxLineBytes()).isEqualTo(65536);
        assertThat(s.checkpointInterval()).isZero();
        assertThat(s.rotateWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.watch()).isFalse();
        assertThat(new TailSettings(null, null, false, 0, null, null)).isEqualTo(TailSettings.defaults());
    }

    @Test
    void missingKeysTakeDefaults() throws Exception {
        TailSettings s = ConfigMapper.yaml().readValue("from_start: true\n", TailSettings.class);
        assertThat(s.withFromStart(false)).isEqualTo(TailSettings.defaults());
    }

    @Test
    void typosAndBadValuesAreRejected() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("pol_interval: 1s\n", TailSettings.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> TailSettings.defaults().withMaxLineBytes(-1)).hasMessageContaining("max_line_bytes");
        assertThatThrownBy(() -> TailSettings.defaults().withPollInterval(Duration.ZERO)).hasMessageContaining("poll_interval");
        assertThatThrownBy(() -> TailSettings.defaults().withPaths(List.of(" "))).hasMessageContaining("paths");
    }
}
