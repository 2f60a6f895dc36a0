package io.gatewarden.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as sections of keys, each key with every value it was given (in order). */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit read(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) continue;
            if (line.endsWith("\\")) { // continuation line
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            line = pending.append(line).toString();
            pending.setLength(0);
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 1) throw new IllegalArgumentException(file + ": not a unit line: " + raw);
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    /** Every value of the key, in order; empty when the key is absent. */
    List<String> all(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The value that wins (systemd keeps the last assignment of a single-valued key), or null. */
    String get(String section, String key) {
        List<String> values = all(section, key);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Values of a list-valued key (space separated, possibly spread over several lines). */
    List<String> words(String section, String key) {
        List<String> out = new ArrayList<>();
        for (String v : all(section, key)) {
            if (v.isEmpty()) out.clear(); // an empty assignment resets the list
            else out.addAll(List.of(v.split("\\s+")));
        }
        return out;
    }
}
