package io.gatewarden.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds lines in the exact shape OpenClaw's tslog file logger writes (see the fixtures), for synthetic cases. */
final class TslogLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TIME = "2026-11-23T12:30:00.250+00:00";

    private TslogLines() {}

    /** A logger line: "0" = bindings string, then the arguments in order. */
    static String logger(String subsystem, int level, Object... args) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("0", "{\"subsystem\":\"" + subsystem + "\"}");
        for (int i = 0; i < args.length; i++) line.put(Integer.toString(i + 1), args[i]);
        return finish(line, level, "{\"subsystem\":\"" + subsystem + "\"}");
    }

    /** A console/CLI line: "0" = the text itself. */
    static String console(int level, String text) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("0", text);
        return finish(line, level, "openclaw");
    }

    private static String finish(Map<String, Object> line, int level, String name) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("runtime", "node");
        meta.put("hostname", "vm");
        meta.put("date", "2026-11-23T12:30:00.250Z");
        meta.put("logLevelId", level);
        meta.put("logLevelName", switch (level) {
            case 2 -> "DEBUG";
            case 4 -> "WARN";
            case 5 -> "ERROR";
            case 6 -> "FATAL";
            default -> "INFO";
        });
        meta.put("name", name);
        meta.put("path", Map.of("fileName", "x.mjs", "fileLine", "1", "method", "console.log"));
        line.put("_meta", meta);
        line.put("time", TIME);
        line.put("hostname", "vm");
        line.put("message", "flattened text");
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
