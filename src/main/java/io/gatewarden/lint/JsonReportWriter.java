package io.gatewarden.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatewarden.gateway.ConfigError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link LintReport} (or a {@link ConfigError}) as JSON in the documented, stable shape
 * {@code gatewarden.check/v1} (see docs/check.md). Keys are camelCase, like incidents; fields are never dropped,
 * absent values are null.
 */
public final class JsonReportWriter {
    public static final String FORMAT = "gatewarden.check/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String write(LintReport report, int exitCode) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("config", report.configFile().toString());
        root.put("legacyAuthFiles", report.legacyAuthFiles().stream().map(Object::toString).toList());
        root.put("summary", summary(report.count(LintSeverity.ERROR), report.count(LintSeverity.WARNING),
                report.count(LintSeverity.INFO), exitCode));
        root.put("error", null);
        List<Object> chains = new ArrayList<>();
        for (ChainView c : report.chains()) {
            Map<String, Object> chain = new LinkedHashMap<>();
            chain.put("agent", c.agent());
            chain.put("source", c.source());
            List<Object> rungs = new ArrayList<>();
            for (RungView r : c.rungs()) {
                Map<String, Object> rung = rung(r.rung());
                rung.put("configPath", r.rung().configPath());
                rung.put("class", r.rungClass() == null ? null : r.rungClass().wireName());
                rung.put("providerStatus", r.provider());
                rung.put("credentials", r.credentials());
                rung.put("keyless", r.keyless());
                rungs.add(rung);
            }
            chain.put("rungs", rungs);
            chains.add(chain);
        }
        root.put("chains", chains);
        List<Object> findings = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent", f.agent());
            m.put("severity", f.severity().wireName());
            m.put("code", f.code().wireName());
            m.put("rungs", f.rungs().stream().map(JsonReportWriter::rung).toList());
            m.put("message", f.message());
            m.put("fix", f.fix());
            findings.add(m);
        }
        root.put("findings", findings);
        return toJson(root);
    }

    public String writeError(ConfigError error, int exitCode) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("config", error.file() == null ? null : error.file().toString());
        root.put("legacyAuthFiles", List.of());
        root.put("summary", summary(0, 0, 0, exitCode));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", error.file() == null ? null : error.file().toString());
        e.put("line", error.line() == 0 ? null : error.line());
        e.put("column", error.column() == 0 ? null : error.column());
        e.put("reason", error.reason());
        root.put("error", e);
        root.put("chains", List.of());
        root.put("findings", List.of());
        return toJson(root);
    }

    private static Map<String, Object> rung(Rung r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rung", r.position());
        m.put("ref", r.ref());
        m.put("provider", r.provider());
        m.put("model", r.model());
        return m;
    }

    private static Map<String, Object> summary(long errors, long warnings, long info, int exitCode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", errors);
        m.put("warnings", warnings);
        m.put("info", info);
        m.put("exitCode", exitCode);
        return m;
    }

    private static String toJson(Object o) {
        try {
            return MAPPER.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialize", e);
        }
    }
}
