package io.gatewarden.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Just enough of Kustomize to render deploy/k8s without kubectl: resources (files and folders), configMapGenerator
 * (create, replace, merge), namespace and images. Any other kustomization key fails the build, so a feature this
 * class does not know is never skipped silently. Two are read but not applied: {@code labels} (common metadata
 * labels; no check depends on them) and {@code patches}, which are only checked to name an existing object; the real
 * kustomize (K8sManifestsTest, when kubectl is installed) applies both.
 */
final class KustomizeLite {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> KNOWN_KEYS = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
            "namespace", "images", "patches", "labels");
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume",
            "StorageClass", "CustomResourceDefinition", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

    private KustomizeLite() {}

    /** Every YAML document of a file (empty documents dropped). */
    static List<ObjectNode> readDocuments(Path file) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
                if (!doc.isObject()) throw new IllegalArgumentException(file + ": a document is not a mapping");
                docs.add((ObjectNode) doc);
            }
        }
        return docs;
    }

    static List<ObjectNode> parseStream(String yaml) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject()) docs.add((ObjectNode) doc);
            }
        }
        return docs;
    }

    static List<ObjectNode> build(Path dir) throws IOException {
        Path kfile = dir.resolve("kustomization.yaml");
        JsonNode k = YAML.readTree(kfile.toFile());
        k.fieldNames().forEachRemaining(key -> {
            if (!KNOWN_KEYS.contains(key)) throw new IllegalArgumentException(kfile + ": KustomizeLite does not know '" + key + "'");
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) out.addAll(build(p));
            else if (Files.isRegularFile(p)) out.addAll(readDocuments(p));
            else throw new IllegalArgumentException(kfile + ": resource " + r.asText() + " does not exist");
        }
        for (JsonNode g : k.path("configMapGenerator")) generate(dir, g, out);
        if (k.hasNonNull("namespace")) setNamespace(out, k.get("namespace").asText());
        for (JsonNode image : k.path("images")) setImage(out, image);
        for (JsonNode patch : k.path("patches")) {
            JsonNode t = patch.path("target");
            boolean found = out.stream().anyMatch(d -> d.path("kind").asText().equals(t.path("kind").asText())
                    && d.path("metadata").path("name").asText().equals(t.path("name").asText()));
            if (!found) throw new IllegalArgumentException(kfile + ": patch target " + t + " is not in the build");
        }
        return out;
    }

    private static void generate(Path dir, JsonNode g, List<ObjectNode> out) throws IOException {
        String name = g.path("name").asText();
        String behavior = g.path("behavior").asText("create");
        ObjectNode data = YAML.createObjectNode();
        for (JsonNode f : g.path("files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq > 0 ? spec.substring(0, eq) : Path.of(spec).getFileName().toString();
            Path file = dir.resolve(eq > 0 ? spec.substring(eq + 1) : spec);
            data.put(key, Files.readString(file));
        }
        for (JsonNode l : g.path("literals")) {
            String[] kv = l.asText().split("=", 2);
            data.put(kv[0], kv[1]);
        }
        ObjectNode existing = out.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")
                && d.path("metadata").path("name").asText().equals(name)).findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) throw new IllegalArgumentException("ConfigMap " + name + " generated twice");
                ObjectNode cm = YAML.createObjectNode();
                cm.put("apiVersion", "v1").put("kind", "ConfigMap");
                cm.putObject("metadata").put("name", name);
                cm.set("data", data);
                out.add(cm);
            }
            case "replace", "merge" -> {
                if (existing == null) throw new IllegalArgumentException("ConfigMap " + name + " to " + behavior + " is not in the base");
                if (behavior.equals("replace")) existing.set("data", data);
                else object(existing, "data").setAll(data);
            }
            default -> throw new IllegalArgumentException("configMapGenerator behavior " + behavior);
        }
    }

    private static void setNamespace(List<ObjectNode> docs, String ns) {
        for (ObjectNode d : docs) {
            if (CLUSTER_SCOPED.contains(d.path("kind").asText())) continue;
            object(d, "metadata").put("namespace", ns);
            if (d.path("kind").asText().endsWith("RoleBinding")) {
                for (JsonNode s : d.path("subjects")) {
                    if (s.path("kind").asText().equals("ServiceAccount")) ((ObjectNode) s).put("namespace", ns);
                }
            }
        }
    }

    private static void setImage(List<ObjectNode> docs, JsonNode image) {
        String name = image.path("name").asText();
        for (ObjectNode d : docs) {
            JsonNode spec = d.path("spec").path("template").path("spec");
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : spec.path(list)) {
                    String current = c.path("image").asText();
                    String base = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                    if (!base.equals(name)) continue;
                    String newName = image.path("newName").asText(name);
                    String tag = image.hasNonNull("newTag") ? ":" + image.get("newTag").asText()
                            : current.contains(":") ? current.substring(current.lastIndexOf(':')) : "";
                    ((ObjectNode) c).put("image", newName + tag);
                }
            }
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }
}
