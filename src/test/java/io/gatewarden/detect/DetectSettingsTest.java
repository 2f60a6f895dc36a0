package io.gatewarden.detect;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectSettingsTest {
    @Test
    void emptyYamlGivesTheDefaults() throws Exception {
        DetectSettings s = ConfigMapper.yaml().readValue("{}", DetectSettings.class);
        assertThat(s).isEqualTo(DetectSettings.defaults());
        assertThat(s.errorLoop().window()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.errorLoop().minRuns()).isEqualTo(3);
        assertThat(s.providerRateLimited().statuses()).containsExactly(429);
        assertThat(s.providerOverloaded().reasons()).containsExactly("overloaded");
        assertThat(s.gateway().downAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void partialSectionsKeepTheirOtherDefaults() throws Exception {
        String yaml = """
                max_tracked_keys: 50
                error_loop:
                  window: 10m
                  critical_runs: 5
                provider_overloaded:
                  statuses: [529]
                gateway:
                  down_after: 2m
                fallback_skipped:
                  enabled: false
                """;
        DetectSettings s = ConfigMapper.yaml().readValue(yaml, DetectSettings.class);
        assertThat(s.maxTrackedKeys()).isEqualTo(50);
        assertThat(s.errorLoop().window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.errorLoop().minRuns()).isEqualTo(3);
        assertThat(s.errorLoop().criticalRuns()).isEqualTo(5);
        assertThat(s.providerOverloaded().statuses()).containsExactly(529);
        assertThat(s.providerOverloaded().reasons()).containsExactly("overloaded");
        assertThat(s.providerOverloaded().enabled()).isTrue();
        assertThat(s.gateway().downAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.gateway().crashDedupe()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.fallbackSkipped().enabled()).isFalse();
    }

    @Test
    void typosAndNonsenseAreRejectedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("error_loop:\n  min_run: 3\n", DetectSettings.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("min_run");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("error_loop:\n  min_runs: 5\n  critical_runs: 2\n", DetectSettings.class))
                .hasMessageContaining("error_loop.critical_runs must be at least 5");
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("gateway:\n  down_after: soon\n", DetectSettings.class))
                .hasMessageContaining("soon");
    }

    @Test
    void incidentSettingsBindToo() throws Exception {
        String yaml = """
                quiet_period: 10m
                quiet_periods:
                  provider_rate_limited: 2m
                max_open: 50
                """;
        IncidentSettings s = ConfigMapper.yaml().readValue(yaml, IncidentSettings.class);
        assertThat(s.quietPeriodOf(IncidentType.PROVIDER_RATE_LIMITED)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.quietPeriodOf(IncidentType.ERROR_LOOP)).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.quietPeriodOf(IncidentType.CONFIG_RELOAD_FAILED)).isEqualTo(Duration.ofHours(1));
        assertThat(s.maxOpen()).isEqualTo(50);
        assertThat(s.maxRecent()).isEqualTo(200);
        assertThat(ConfigMapper.yaml().readValue("{}", IncidentSettings.class)).isEqualTo(IncidentSettings.defaults());
        assertThatThrownBy(() -> ConfigMapper.yaml().readValue("quiet_periods:\n  provider_ratelimited: 2m\n", IncidentSettings.class))
                .hasMessageContaining("unknown incident type 'provider_ratelimited'");
        assertThat(List.of(IncidentSettings.defaults().quietPeriod())).containsExactly(Duration.ofMinutes(5));
    }

    @Test
    void theDocumentedYamlBindsToTheDefaults() throws Exception {
        String md = java.nio.file.Files.readString(java.nio.file.Path.of("docs/detect.md"));
        String yaml = md.substring(md.indexOf("```yaml") + 7, md.indexOf("```", md.indexOf("```yaml") + 7));
        var tree = ConfigMapper.yaml().readTree(yaml);
        assertThat(ConfigMapper.yaml().treeToValue(tree.get("detect"), DetectSettings.class)).isEqualTo(DetectSettings.defaults());
        assertThat(ConfigMapper.yaml().treeToValue(tree.get("incidents"), IncidentSettings.class)).isEqualTo(IncidentSettings.defaults());
    }
}
