package io.gatewarden.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads gatewarden.yaml into {@link GatewardenConfig}; every failure names the file, line, key and reason. */
public final class ConfigLoader {
    private ConfigLoader() {}

    public static GatewardenConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "file not found");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static GatewardenConfig parse(String yaml, String source) throws ConfigException {
        if (yaml.isBlank()) return GatewardenConfig.defaults();
        ObjectMapper mapper = ConfigMapper.yaml();
        try {
            GatewardenConfig cfg = mapper.readValue(yaml, GatewardenConfig.class);
            return cfg == null ? GatewardenConfig.defaults() : cfg;
        } catch (JsonMappingException e) {
            throw new ConfigException(source, line(e.getLocation()), path(e), reason(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, line(e.getLocation()), null, "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static int line(JsonLocation loc) {
        return loc == null ? 0 : loc.getLineNr();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof IllegalArgumentException && root.getMessage() != null) return root.getMessage();
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf("\n");
        return cut > 0 ? msg.substring(0, cut) : msg;
    }
}
