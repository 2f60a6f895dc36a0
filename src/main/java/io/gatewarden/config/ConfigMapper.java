package io.gatewarden.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatewarden.state.StateJson;

/**
 * The one way gatewarden.yaml is bound: the state files' dialect (snake_case keys, human durations such as "30s"),
 * but unknown keys rejected (a typo must not silently fall back to a default). gatewarden's own state files use
 * {@link StateJson}, which is lenient.
 */
public final class ConfigMapper {
    private ConfigMapper() {}

    public static ObjectMapper yaml() {
        return strict(new ObjectMapper(new YAMLFactory()));
    }

    public static ObjectMapper json() {
        return strict(new ObjectMapper());
    }

    private static ObjectMapper strict(ObjectMapper m) {
        return StateJson.withDialect(m).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
