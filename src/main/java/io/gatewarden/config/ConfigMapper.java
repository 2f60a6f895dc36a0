package io.gatewarden.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Duration;

/**
 * The one way gatewarden.yaml is bound: snake_case keys, human durations ("30s"), unknown keys rejected
 * (a typo must not silently fall back to a default).
 */
public final class ConfigMapper {
    private ConfigMapper() {}

    public static ObjectMapper yaml() {
        return configure(new ObjectMapper(new YAMLFactory()));
    }

    public static ObjectMapper json() {
        return configure(new ObjectMapper());
    }

    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule durations = new SimpleModule("gatewarden-durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken().isNumeric()) return Duration.ofSeconds(p.getLongValue());
                try {
                    return Durations.parse(p.getValueAsString());
                } catch (RuntimeException e) {
                    throw ctx.weirdStringException(p.getValueAsString(), Duration.class, e.getMessage());
                }
            }
        });
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, com.fasterxml.jackson.core.JsonGenerator gen, SerializerProvider sp) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        return m.registerModule(new JavaTimeModule())
                .registerModule(durations)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
