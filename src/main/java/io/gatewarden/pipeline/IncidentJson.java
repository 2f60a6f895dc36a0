package io.gatewarden.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatewarden.incident.Incident;

import java.util.LinkedHashMap;
import java.util.Map;

/** The incident's wire shape from the design card: type, severity, labels, startsAt, endsAt, occurrences, summary, evidence. */
public final class IncidentJson {
    private IncidentJson() {}

    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static Map<String, Object> of(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("type", i.type().wireName());
        m.put("severity", i.severity().wireName());
        m.put("labels", i.labels());
        m.put("startsAt", i.startsAt());
        m.put("endsAt", i.endsAt());
        m.put("lastSeenAt", i.lastSeenAt());
        m.put("occurrences", i.occurrences());
        m.put("summary", i.summary());
        m.put("evidence", i.evidence());
        return m;
    }
}
