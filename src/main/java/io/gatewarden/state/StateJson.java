package io.gatewarden.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatewarden.time.Durations;

import java.io.IOException;
import java.time.Duration;

/**
 * The JSON dialect of gatewarden's own files (state, journal, outbox): snake_case keys, ISO instants, human durations
 * ("30s"). Unlike the config mapper it ignores unknown fields: these files outlive the version that wrote them.
 */
public final class StateJson {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private StateJson() {}

    /** The shared mapper; thread-safe once configured. Do not reconfigure it: {@code copy()} first. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Human durations for any Jackson mapper: reads "30s" or a number of seconds, writes the shortest form. */
    public static SimpleModule durationsModule() {
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
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider sp) throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        return durations;
    }

    /** Applies the dialect (naming, instants, durations) to a mapper; unknown-field handling is the caller's. */
    public static ObjectMapper withDialect(ObjectMapper m) {
        return m.registerModule(new JavaTimeModule())
                .registerModule(durationsModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static ObjectMapper configure(ObjectMapper m) {
        return withDialect(m).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
