package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves OpenClaw's {@code $include} (a file or a list of files, relative to the including file; a list is
 * deep-merged in order, and sibling keys override what was included; at most 10 levels), and remembers which
 * file each part of the merged tree came from so that an error can name the right file and line.
 *
 * <p>OpenClaw also confines includes to the config's folder (plus {@code OPENCLAW_INCLUDE_ROOTS}); gatewarden only
 * reads, and cannot see the gateway's environment, so it does not enforce that boundary.
 */
final class ConfigIncludes {
    static final int MAX_DEPTH = 10;
    private static final String KEY = "$include";

    /** Part of the merged tree that came from {@code file}, mounted at {@code at}. */
    record Mount(JsonPointer at, Json5Reader.Parsed file) {}

    private final List<Mount> mounts = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final Deque<Path> stack = new ArrayDeque<>();
    /** Per mount, the values its own text writes; filled on first question (one pass per file). */
    private final Map<Mount, Set<JsonPointer>> written = new IdentityHashMap<>();

    /** Reads {@code file} and everything it includes; returns the merged tree. */
    JsonNode load(Path file) throws ConfigError {
        Json5Reader.Parsed parsed = Json5Reader.read(file);
        mounts.add(new Mount(JsonPointer.empty(), parsed));
        files.add(file);
        if (!parsed.root().isObject()) {
            throw new ConfigError(file, 1, 1, "the config must be a JSON5 object { ... }, found " + ConfigFields.describe(parsed.root()));
        }
        stack.push(file.toAbsolutePath().normalize());
        try {
            return resolve(parsed.root(), JsonPointer.empty(), JsonPointer.empty(), parsed);
        } finally {
            stack.pop();
        }
    }

    List<Path> files() {
        return List.copyOf(files);
    }

    /** Line and column of {@code pointer} in the file it came from (deepest mount first). */
    ConfigError errorAt(JsonPointer pointer, String key, String reason) {
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mount m = mounts.get(i);
            JsonPointer rel = relative(m.at(), pointer);
            if (rel == null) continue;
            int[] pos = key == null ? Json5Reader.locate(m.file(), rel) : Json5Reader.locateKey(m.file(), rel, key);
            if (pos[0] > 0) return new ConfigError(m.file().file(), pos[0], pos[1], reason);
        }
        Mount root = mounts.get(0);
        return new ConfigError(root.file().file(), 0, 0, reason);
    }

    /**
     * The file whose own text writes the value at {@code pointer}: openclaw.json when it does (its keys win over
     * anything it includes), else the last included file that does; null when no file does.
     */
    Path fileHolding(JsonPointer pointer) {
        Mount root = mounts.get(0);
        if (mounts.size() == 1 || writes(root, pointer)) return root.file().file();
        for (int i = mounts.size() - 1; i > 0; i--) {
            if (writes(mounts.get(i), pointer)) return mounts.get(i).file().file();
        }
        return null;
    }

    private boolean writes(Mount m, JsonPointer pointer) {
        JsonPointer rel = relative(m.at(), pointer);
        return rel != null && written.computeIfAbsent(m, k -> Json5Reader.writtenPointers(k.file())).contains(rel);
    }

    /**
     * @param treeAt where {@code node} sits in the merged tree (mount points are recorded in these terms)
     * @param fileAt where it sits in its own file {@code from} (for errors about the {@code $include} itself)
     */
    private JsonNode resolve(JsonNode node, JsonPointer treeAt, JsonPointer fileAt, Json5Reader.Parsed from) throws ConfigError {
        if (node instanceof ObjectNode obj) {
            JsonNode spec = obj.get(KEY);
            ObjectNode result = obj;
            if (spec != null) {
                ObjectNode siblings = obj.deepCopy();
                siblings.remove(KEY);
                ObjectNode merged = obj.objectNode();
                for (Path p : includePaths(spec, fileAt, from)) {
                    JsonNode included = loadIncluded(p, treeAt, from);
                    if (!included.isObject()) {
                        int[] pos = Json5Reader.locate(from, fileAt.append(JsonPointer.compile("/" + Json5Reader.escape(KEY))));
                        throw new ConfigError(from.file(), pos[0], pos[1], "included file " + p + " must hold an object");
                    }
                    deepMerge(merged, (ObjectNode) included);
                }
                deepMerge(merged, siblings);
                result = merged;
            }
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(result.properties());
            for (Map.Entry<String, JsonNode> e : entries) {
                JsonPointer step = JsonPointer.compile("/" + Json5Reader.escape(e.getKey()));
                result.set(e.getKey(), resolve(e.getValue(), treeAt.append(step), fileAt.append(step), from));
            }
            return result;
        }
        if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) arr.set(i, resolve(arr.get(i), treeAt.appendIndex(i), fileAt.appendIndex(i), from));
        }
        return node;
    }

    private List<Path> includePaths(JsonNode spec, JsonPointer at, Json5Reader.Parsed from) throws ConfigError {
        List<Path> out = new ArrayList<>();
        JsonPointer specAt = at.append(JsonPointer.compile("/" + Json5Reader.escape(KEY)));
        if (spec.isTextual()) {
            out.add(resolvePath(spec.textValue(), from));
        } else if (spec.isArray()) {
            for (JsonNode e : spec) {
                if (!e.isTextual()) {
                    int[] pos = Json5Reader.locate(from, specAt);
                    throw new ConfigError(from.file(), pos[0], pos[1], "$include must be a path or a list of paths");
                }
                out.add(resolvePath(e.textValue(), from));
            }
        } else {
            int[] pos = Json5Reader.locate(from, specAt);
            throw new ConfigError(from.file(), pos[0], pos[1], "$include must be a path or a list of paths, found " + ConfigFields.describe(spec));
        }
        return out;
    }

    private static Path resolvePath(String p, Json5Reader.Parsed from) {
        Path base = from.file().toAbsolutePath().getParent();
        return base.resolve(p).normalize();
    }

    private JsonNode loadIncluded(Path p, JsonPointer treeAt, Json5Reader.Parsed from) throws ConfigError {
        if (stack.size() >= MAX_DEPTH) {
            throw new ConfigError(from.file(), 0, 0, "$include nested deeper than " + MAX_DEPTH + " levels");
        }
        Path abs = p.toAbsolutePath().normalize();
        if (stack.contains(abs)) throw new ConfigError(from.file(), 0, 0, "$include loop: " + p + " includes itself");
        Json5Reader.Parsed parsed = Json5Reader.read(p);
        mounts.add(new Mount(treeAt, parsed));
        if (!files.contains(p)) files.add(p);
        stack.push(abs);
        try {
            return resolve(parsed.root(), treeAt, JsonPointer.empty(), parsed).deepCopy();
        } finally {
            stack.pop();
        }
    }

    /** Later objects override earlier ones key by key; anything that is not an object replaces. */
    static void deepMerge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode fo) {
                deepMerge(eo, fo);
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** {@code pointer} relative to {@code prefix}, or null when it lies outside. */
    static JsonPointer relative(JsonPointer prefix, JsonPointer pointer) {
        String p = prefix.toString();
        String s = pointer.toString();
        if (p.isEmpty()) return pointer;
        if (!s.startsWith(p)) return null;
        if (s.length() == p.length()) return JsonPointer.empty();
        if (s.charAt(p.length()) != '/') return null;
        return JsonPointer.compile(s.substring(p.length()));
    }
}
