package io.gatewarden.gateway;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to one config node with the path a human reads ({@code agents.defaults.model.fallbacks})
 * and the JSON pointer used to find its line. A value of the wrong type throws {@link Violation},
 * which the reader turns into a {@link ConfigError} with file, line and column.
 */
final class ConfigFields {
    private final JsonNode node;
    private final JsonPointer pointer;
    private final String path;

    ConfigFields(JsonNode node, JsonPointer pointer, String path) {
        this.node = node;
        this.pointer = pointer;
        this.path = path;
    }

    static ConfigFields root(JsonNode root) {
        return new ConfigFields(root, JsonPointer.empty(), "");
    }

    /** A field of the wrong type or shape: where it is and what is wrong. {@code key} set means "point at this key". */
    static final class Violation extends RuntimeException {
        final JsonPointer at;
        final String key;

        Violation(JsonPointer at, String key, String message) {
            super(message, null, false, false);
            this.at = at;
            this.key = key;
        }
    }

    JsonNode node() { return node; }

    JsonPointer pointer() { return pointer; }

    String path() { return path; }

    boolean isObject() { return node != null && node.isObject(); }

    /** The child at {@code key}, or null when absent or JSON null. */
    ConfigFields child(String key) {
        JsonNode c = node == null ? null : node.get(key);
        if (c == null || c.isNull()) return null;
        return new ConfigFields(c, pointer.append(JsonPointer.compile("/" + Json5Reader.escape(key))), join(path, key));
    }

    ConfigFields element(int index) {
        return new ConfigFields(node.get(index), pointer.appendIndex(index), path + "[" + index + "]");
    }

    /** The object at {@code key}, or null when absent; anything but an object is an error. */
    ConfigFields object(String key) {
        ConfigFields c = child(key);
        if (c != null && !c.node.isObject()) throw c.wrongType("an object");
        return c;
    }

    String string(String key) {
        ConfigFields c = child(key);
        if (c == null) return null;
        if (!c.node.isTextual()) throw c.wrongType("a string");
        return c.node.textValue();
    }

    Double number(String key) {
        ConfigFields c = child(key);
        if (c == null) return null;
        if (!c.node.isNumber()) throw c.wrongType("a number");
        return c.node.doubleValue();
    }

    /** A list of strings, or null when absent. */
    List<String> stringList(String key, String what) {
        ConfigFields c = child(key);
        if (c == null) return null;
        if (!c.node.isArray()) throw c.wrongType("a list of " + what);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.node.size(); i++) {
            ConfigFields e = c.element(i);
            if (!e.node.isTextual()) throw e.wrongType(what);
            out.add(e.node.textValue());
        }
        return out;
    }

    /** The elements of the list at {@code key} (empty when absent). */
    List<ConfigFields> list(String key, String what) {
        ConfigFields c = child(key);
        if (c == null) return List.of();
        if (!c.node.isArray()) throw c.wrongType("a list of " + what);
        List<ConfigFields> out = new ArrayList<>();
        for (int i = 0; i < c.node.size(); i++) out.add(c.element(i));
        return out;
    }

    /** Field names of this object, in file order. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        if (node instanceof ObjectNode o) o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    Violation wrongType(String expected) {
        return new Violation(pointer, null, display() + " must be " + expected + ", found " + describe(node));
    }

    Violation unknownKey(String key, String allowed) {
        return new Violation(pointer, key, display() + ": unrecognized key \"" + key + "\" (allowed: " + allowed + ")");
    }

    Violation invalid(String message) {
        return new Violation(pointer, null, display() + " " + message);
    }

    String display() {
        return path.isEmpty() ? "the top level" : path;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull()) return "null";
        if (n.isTextual()) return "a string";
        if (n.isNumber()) return "a number (" + n.asText() + ")";
        if (n.isBoolean()) return n.asText();
        if (n.isArray()) return "a list";
        if (n.isObject()) return "an object";
        return n.getNodeType().name().toLowerCase();
    }

    private static String join(String base, String key) {
        return base.isEmpty() ? key : base + "." + key;
    }
}
