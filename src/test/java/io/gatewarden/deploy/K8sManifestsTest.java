package io.gatewarden.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.restart.RestartSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/k8s: every manifest parses, and the pieces are wired to each other: mounts name volumes, the paths in
 * gatewarden's embedded YAML are the paths its container mounts (and the gateway writes), ports agree with probes,
 * the Service and ServiceMonitor find each other, RBAC binds the Role to the pod's service account.
 * Each check runs on two renderings of base and of overlays/example: {@link KustomizeLite} (always) and
 * {@code kubectl kustomize} (when kubectl is installed).
 */
class K8sManifestsTest {
    static final Path K8S = Path.of("deploy/k8s");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Build> BUILDS = new ConcurrentHashMap<>();

    static Stream<String> builds() {
        return Stream.of("base", "overlays/example", "base@kubectl", "overlays/example@kubectl");
    }

    // ---------------------------------------------------------------------------------------------------- parsing

    @Test
    void everyFileParses() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(K8S)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int manifests = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("gatewarden.yaml")) {
                // gatewarden's own config, bound exactly as the daemon binds it (unknown keys are errors)
                assertThat(ConfigLoader.load(f)).isNotNull();
            } else if (name.endsWith(".json")) {
                assertThat(JSON.readTree(f.toFile()).isObject()).as(f.toString()).isTrue();
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                for (ObjectNode doc : KustomizeLite.readDocuments(f)) {
                    assertThat(doc.path("apiVersion").asText()).as(f + ": apiVersion").isNotBlank();
                    assertThat(doc.path("kind").asText()).as(f + ": kind").isNotBlank();
                    if (name.equals("kustomization.yaml")) continue;
                    assertThat(doc.path("metadata").path("name").asText()).as(f + ": metadata.name").isNotBlank();
                    manifests++;
                }
            } else {
                throw new AssertionError("unexpected file in deploy/k8s: " + f);
            }
        }
        assertThat(manifests).isGreaterThanOrEqualTo(8);
    }

    @Test
    void kubectlKustomizeAndKustomizeLiteAgree() throws Exception {
        for (String dir : List.of("base", "overlays/example")) {
            Set<String> lite = identities(build(dir).docs);
            Set<String> real = identities(build(dir + "@kubectl").docs);
            assertThat(lite).as(dir).isEqualTo(real);
        }
    }

    private static Set<String> identities(List<ObjectNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("namespace").asText("-") + "/"
                + stripHash(d.path("kind").asText(), d.path("metadata").path("name").asText())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** kustomize appends a content hash to generated ConfigMap names. */
    private static String stripHash(String kind, String name) {
        return kind.equals("ConfigMap") ? name.replaceFirst("-[a-z0-9]{10}$", "") : name;
    }

    // ------------------------------------------------------------------------------------------------ pod wiring

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyMountNamesAVolumeAndEveryVolumeIsUsed(String id) {
        Build b = build(id);
        Set<String> volumes = new HashSet<>();
        for (JsonNode v : b.podSpec().path("volumes")) assertThat(volumes.add(v.path("name").asText())).as("volume names unique").isTrue();
        Set<String> used = new HashSet<>();
        for (JsonNode c : b.allContainers()) {
            Set<String> paths = new HashSet<>();
            for (JsonNode m : c.path("volumeMounts")) {
                String vol = m.path("name").asText();
                assertThat(volumes).as(c.path("name").asText() + " mounts " + vol).contains(vol);
                assertThat(paths.add(m.path("mountPath").asText())).as(c.path("name").asText() + ": mount paths unique").isTrue();
                used.add(vol);
            }
        }
        assertThat(used).as("every volume is mounted somewhere").containsExactlyInAnyOrderElementsOf(volumes);
        for (JsonNode v : b.podSpec().path("volumes")) {
            if (v.has("configMap")) assertThat(b.configMap(v.path("configMap").path("name").asText())).isPresent();
            if (v.has("persistentVolumeClaim")) {
                assertThat(b.find("PersistentVolumeClaim", v.path("persistentVolumeClaim").path("claimName").asText())).isPresent();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void gatewardenIsANativeSidecarStartedBeforeTheGateway(String id) {
        Build b = build(id);
        JsonNode deployment = b.deployment();
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(deployment.path("spec").path("strategy").path("type").asText())
                .as("a ReadWriteOnce volume: the old pod lets go before the new one mounts it").isEqualTo("Recreate");

        List<JsonNode> inits = new ArrayList<>();
        b.podSpec().path("initContainers").forEach(inits::add);
        List<String> order = inits.stream().map(c -> c.path("name").asText()).toList();
        assertThat(order).containsExactly("seed-config", "gatewarden");
        assertThat(inits.get(0).has("restartPolicy")).as("seed-config runs to completion").isFalse();
        assertThat(b.gatewarden().path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(b.gatewarden().has("startupProbe")).as("the gateway waits until gatewarden is live").isTrue();
        assertThat(b.podSpec().path("containers")).extracting(c -> c.path("name").asText()).containsExactly("openclaw-gateway");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void configPathsAgreeWithTheMounts(String id) throws Exception {
        Build b = build(id);
        GatewardenConfig cfg = b.gatewardenConfig();
        JsonNode gw = b.gatewarden();
        JsonNode gateway = b.gateway();

        // state dir: writable, on the persistent volume (the kubernetes strategy deletes the pod)
        Mount state = b.mountFor(gw, cfg.stateDir().toString());
        assertThat(state.readOnly()).isFalse();
        assertThat(b.volume(state.volume()).has("persistentVolumeClaim")).as("state_dir must outlive the pod").isTrue();
        assertThat(b.mountsOf(gateway).stream().anyMatch(m -> m.sameSource(state))).as("the gateway does not see gatewarden's state").isFalse();
        Mount backups = b.mountFor(gw, cfg.act().backups().dir().toString());
        assertThat(backups.sameSource(state)).isTrue();

        // gateway config: the same folder of the same volume in both containers, writable (temp file + rename)
        Path configFile = cfg.gateway().configFile();
        Mount cfgInGw = b.mountFor(gw, configFile.getParent().toString());
        assertThat(cfgInGw.path()).isEqualTo(configFile.getParent().toString());
        assertThat(cfgInGw.readOnly()).isFalse();
        Mount cfgInGateway = b.mountFor(gateway, configFile.getParent().toString());
        assertThat(cfgInGateway.sameSource(cfgInGw)).isTrue();
        assertThat(cfgInGateway.path()).isEqualTo(cfgInGw.path());
        assertThat(b.env(gateway, "OPENCLAW_CONFIG_PATH")).contains(configFile.toString());
        assertThat(b.volume(cfgInGw.volume()).has("configMap")).as("a ConfigMap mount is read-only").isFalse();

        // the seed step writes openclaw.json into that folder, and creates every folder other containers mount
        JsonNode seed = b.podSpec().path("initContainers").get(0);
        String script = String.join("\n", b.strings(seed.path("command")));
        Mount seedData = b.mountsOf(seed).stream().filter(m -> m.volume().equals(cfgInGw.volume())).findFirst().orElseThrow();
        assertThat(script).contains(seedData.path() + "/" + cfgInGw.subPath() + "/" + configFile.getFileName());
        for (JsonNode c : b.allContainers()) {
            for (Mount m : b.mountsOf(c)) {
                if (m.volume().equals(seedData.volume()) && !m.subPath().isEmpty()) {
                    assertThat(script).as("seed-config creates " + m.subPath()).contains(seedData.path() + "/" + m.subPath());
                }
            }
        }

        // the gateway's log: openclaw.json's logging.file lies in the folder both containers mount, and tail.paths matches it
        JsonNode openclaw = b.openclawJson();
        String logFile = openclaw.path("logging").path("file").asText();
        assertThat(logFile).isNotBlank();
        Mount logInGateway = b.mountFor(gateway, logFile);
        assertThat(logInGateway.readOnly()).isFalse();
        assertThat(cfg.tail().paths()).isNotEmpty();
        for (String glob : cfg.tail().paths()) {
            String dir = globDir(glob);
            Mount logInGw = b.mountFor(gw, dir);
            assertThat(logInGw.sameSource(logInGateway)).as(glob + " is the gateway's log folder").isTrue();
            assertThat(logInGw.path()).isEqualTo(logInGateway.path());
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            assertThat(matcher.matches(Path.of(logFile))).as(glob + " matches " + logFile).isTrue();
            assertThat(matcher.matches(Path.of(logFile.replaceFirst("\\.log$", ".1.log")))).as("and its rotations").isTrue();
        }
        assertThat(b.volume(logInGateway.volume()).has("emptyDir")).isTrue();

        // java.io.tmpdir on a writable volume (the root file system is read-only)
        String tmp = b.strings(gw.path("command")).stream().filter(a -> a.startsWith("-Djava.io.tmpdir="))
                .map(a -> a.substring("-Djava.io.tmpdir=".length())).findFirst().orElseThrow();
        assertThat(b.mountFor(gw, tmp).readOnly()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void portsAgreeWithProbesAndConfig(String id) throws Exception {
        Build b = build(id);
        GatewardenConfig cfg = b.gatewardenConfig();
        JsonNode gw = b.gatewarden();
        assertThat(cfg.http().host()).as("probes and scrapes come from outside the pod").isEqualTo("0.0.0.0");
        int port = cfg.http().port();
        assertThat(gw.path("ports")).extracting(p -> p.path("containerPort").asInt()).contains(port);
        assertThat(b.probePort(gw, "startupProbe")).isEqualTo(port);
        assertThat(b.probePort(gw, "livenessProbe")).isEqualTo(port);
        assertThat(b.probePort(gw, "readinessProbe")).isEqualTo(port);
        assertThat(gw.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(gw.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(gw.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");

        // the gateway: its config's port, its container port, its probes and gatewarden's health_url agree
        JsonNode gateway = b.gateway();
        int gatewayPort = b.openclawJson().path("gateway").path("port").asInt();
        assertThat(gateway.path("ports")).extracting(p -> p.path("containerPort").asInt()).containsExactly(gatewayPort);
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(b.probePort(gateway, probe)).as(probe).isEqualTo(gatewayPort);
        }
        URI health = URI.create(cfg.restart().healthUrl());
        assertThat(health.getHost()).isIn("127.0.0.1", "localhost");
        assertThat(health.getPort()).isEqualTo(gatewayPort);
        // a non-loopback bind, or the kubelet could not probe the gateway
        assertThat(b.openclawJson().path("gateway").path("bind").asText()).isNotEqualTo("loopback");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void serviceAndServiceMonitorFindGatewardensPort(String id) throws Exception {
        Build b = build(id);
        int port = b.gatewardenConfig().http().port();
        JsonNode podLabels = b.deployment().path("spec").path("template").path("metadata").path("labels");
        JsonNode service = b.find("Service", "gatewarden").orElseThrow();
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).as("pod label " + e.getKey()).isEqualTo(e.getValue().asText()));
        assertThat(b.deployment().path("spec").path("selector").path("matchLabels")).isEqualTo(service.path("spec").path("selector"));

        JsonNode monitor = b.find("ServiceMonitor", "gatewarden").orElseThrow();
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(service.path("metadata").path("labels").path(e.getKey()).asText()).as("Service label " + e.getKey())
                        .isEqualTo(e.getValue().asText()));
        assertThat(monitor.path("spec").path("endpoints")).isNotEmpty();
        for (JsonNode ep : monitor.path("spec").path("endpoints")) {
            assertThat(ep.path("path").asText()).isEqualTo("/q/metrics");
            JsonNode svcPort = stream(service.path("spec").path("ports")).filter(p -> p.path("name").asText().equals(ep.path("port").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service port named " + ep.path("port").asText()));
            assertThat(b.resolvePort(b.gatewarden(), svcPort.path("targetPort"))).isEqualTo(port);
        }
        // Prometheus Operator names the job after the Service (no jobLabel); the alert rules select that job
        assertThat(monitor.path("spec").has("jobLabel")).isFalse();
        String rules = Files.readString(Path.of("deploy/prometheus/rules.yaml"));
        assertThat(rules).contains("up{job=\"" + service.path("metadata").path("name").asText() + "\"}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void rbacLetsThePodsServiceAccountDeletePodsAndNothingElse(String id) {
        Build b = build(id);
        String sa = b.podSpec().path("serviceAccountName").asText();
        JsonNode account = b.find("ServiceAccount", sa).orElseThrow(() -> new AssertionError("no ServiceAccount " + sa));
        String ns = account.path("metadata").path("namespace").asText("default");
        List<JsonNode> bindings = b.all("RoleBinding");
        assertThat(bindings).hasSize(1);
        JsonNode binding = bindings.get(0);
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
        JsonNode role = b.find("Role", binding.path("roleRef").path("name").asText()).orElseThrow();
        assertThat(binding.path("subjects")).hasSize(1);
        JsonNode subject = binding.path("subjects").get(0);
        assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(subject.path("name").asText()).isEqualTo(sa);
        assertThat(subject.path("namespace").asText()).isEqualTo(ns);
        assertThat(binding.path("metadata").path("namespace").asText("default")).isEqualTo(ns);

        assertThat(role.path("rules")).hasSize(1);
        JsonNode rule = role.path("rules").get(0);
        assertThat(b.strings(rule.path("apiGroups"))).containsExactly("");
        assertThat(b.strings(rule.path("resources"))).containsExactly("pods");
        assertThat(b.strings(rule.path("verbs"))).containsExactly("delete");
        assertThat(b.all("ClusterRole")).isEmpty();
        assertThat(b.all("ClusterRoleBinding")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void onlyGatewardenHoldsTheServiceAccountToken(String id) throws Exception {
        Build b = build(id);
        assertThat(b.podSpec().path("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(b.find("ServiceAccount", b.podSpec().path("serviceAccountName").asText()).orElseThrow()
                .path("automountServiceAccountToken").asBoolean(true)).isFalse();

        RestartSettings restart = b.gatewardenConfig().restart();
        assertThat(restart.strategy()).isEqualTo("kubernetes");
        JsonNode gw = b.gatewarden();
        Mount token = b.mountFor(gw, restart.kubernetes().tokenPath().toString());
        assertThat(b.mountFor(gw, restart.kubernetes().caPath().toString())).isEqualTo(token);
        assertThat(b.mountFor(gw, restart.kubernetes().namespacePath().toString())).isEqualTo(token);
        JsonNode sources = b.volume(token.volume()).path("projected").path("sources");
        assertThat(stream(sources).anyMatch(s -> s.path("serviceAccountToken").path("path").asText()
                .equals(relative(token, restart.kubernetes().tokenPath())))).isTrue();
        assertThat(stream(sources).anyMatch(s -> s.path("configMap").path("name").asText().equals("kube-root-ca.crt")
                && stream(s.path("configMap").path("items")).anyMatch(i -> i.path("path").asText()
                .equals(relative(token, restart.kubernetes().caPath()))))).isTrue();
        assertThat(stream(sources).flatMap(s -> stream(s.path("downwardAPI").path("items")))
                .anyMatch(i -> i.path("path").asText().equals(relative(token, restart.kubernetes().namespacePath()))
                        && i.path("fieldRef").path("fieldPath").asText().equals("metadata.namespace"))).isTrue();
        for (JsonNode c : b.allContainers()) {
            if (c != gw) assertThat(b.mountsOf(c)).noneMatch(m -> m.volume().equals(token.volume()));
        }
        // the pod to delete: $POD_NAME from the downward API (restart.kubernetes.pod stays unset)
        assertThat(restart.kubernetes().pod()).isNull();
        JsonNode podName = stream(gw.path("env")).filter(e -> e.path("name").asText().equals("POD_NAME")).findFirst().orElseThrow();
        assertThat(podName.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo("metadata.name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void secretsAreOptionalOrDocumented(String id) throws Exception {
        Build b = build(id);
        String docs = Files.readString(Path.of("docs/deploy.md"));
        List<String> required = new ArrayList<>();
        for (JsonNode v : b.podSpec().path("volumes")) {
            if (v.has("secret") && !v.path("secret").path("optional").asBoolean()) required.add(v.path("secret").path("secretName").asText());
        }
        for (JsonNode c : b.allContainers()) {
            for (JsonNode e : c.path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode() && !ref.path("optional").asBoolean()) required.add(ref.path("name").asText());
            }
            for (JsonNode e : c.path("envFrom")) {
                JsonNode ref = e.path("secretRef");
                if (!ref.isMissingNode() && !ref.path("optional").asBoolean()) required.add(ref.path("name").asText());
            }
        }
        for (String s : required) assertThat(docs).as("docs/deploy.md tells how to create Secret " + s).contains("create secret generic " + s);
        // gatewarden's API token file is in a Secret mount
        String tokenFile = b.gatewardenConfig().http().apiTokenFile();
        assertThat(tokenFile).isNotBlank();
        assertThat(b.volume(b.mountFor(b.gatewarden(), tokenFile).volume()).has("secret")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builds")
    void everyContainerIsLockedDownAndSized(String id) {
        Build b = build(id);
        JsonNode pod = b.podSpec().path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isPositive();
        assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        for (JsonNode c : b.allContainers()) {
            String name = c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(b.strings(sc.path("capabilities").path("drop"))).as(name).contains("ALL");
            assertThat(sc.path("capabilities").has("add")).as(name).isFalse();
            assertThat(sc.path("privileged").asBoolean()).as(name).isFalse();
            assertThat(c.path("resources").path("requests").path("cpu").asText()).as(name).isNotBlank();
            assertThat(c.path("resources").path("requests").path("memory").asText()).as(name).isNotBlank();
            assertThat(c.path("resources").path("limits").path("memory").asText()).as(name).isNotBlank();
            assertThat(c.path("image").asText()).as(name).isNotBlank();
            if (id.startsWith("overlays/")) {
                assertThat(c.path("image").asText()).as(name + ": a pinned image").contains(":").doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void theOwnPodOnlyPolicyNamesTheServiceAccountAndDenies() throws Exception {
        Build base = build("base");
        String sa = base.podSpec().path("serviceAccountName").asText();
        List<ObjectNode> docs = KustomizeLite.build(K8S.resolve("cluster/own-pod-only"));
        JsonNode policy = docs.stream().filter(d -> d.path("kind").asText().equals("ValidatingAdmissionPolicy")).findFirst().orElseThrow();
        JsonNode binding = docs.stream().filter(d -> d.path("kind").asText().equals("ValidatingAdmissionPolicyBinding")).findFirst().orElseThrow();
        assertThat(binding.path("spec").path("policyName").asText()).isEqualTo(policy.path("metadata").path("name").asText());
        assertThat(base.strings(binding.path("spec").path("validationActions"))).containsExactly("Deny");
        JsonNode rule = policy.path("spec").path("matchConstraints").path("resourceRules").get(0);
        assertThat(base.strings(rule.path("operations"))).containsExactly("DELETE");
        assertThat(base.strings(rule.path("resources"))).containsExactly("pods");
        assertThat(policy.path("spec").path("matchConditions").get(0).path("expression").asText())
                .contains("'system:serviceaccount:' + request.namespace + ':" + sa + "'");
        assertThat(policy.path("spec").path("validations").get(0).path("expression").asText())
                .contains("authentication.kubernetes.io/pod-name").contains("request.name");
        assertThat(policy.path("spec").path("failurePolicy").asText()).isEqualTo("Fail");
        assertThat(docs).allMatch(d -> !d.path("metadata").has("namespace"));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    static String globDir(String glob) {
        int wild = glob.length();
        for (char ch : new char[]{'*', '?', '[', '{'}) {
            int i = glob.indexOf(ch);
            if (i >= 0) wild = Math.min(wild, i);
        }
        return glob.substring(0, glob.lastIndexOf('/', wild));
    }

    static String relative(Mount m, Path file) {
        return Path.of(m.path()).relativize(file).toString();
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l.stream();
    }

    static Build build(String id) {
        return BUILDS.computeIfAbsent(id, key -> {
            try {
                if (!key.endsWith("@kubectl")) return new Build(key, KustomizeLite.build(K8S.resolve(key)));
                Optional<Path> kubectl = ExternalTool.find("kubectl");
                if (kubectl.isEmpty()) return new Build(key, null);
                String dir = key.substring(0, key.indexOf('@'));
                ExternalTool.Result r = ExternalTool.run(List.of(kubectl.get().toString(), "kustomize", K8S.resolve(dir).toString()),
                        Path.of("."), Duration.ofSeconds(60));
                assertThat(r.exitCode()).as("kubectl kustomize " + dir + ":\n" + r.output()).isZero();
                return new Build(key, KustomizeLite.parseStream(r.output()));
            } catch (Exception e) {
                throw new AssertionError("cannot render " + key + ": " + e.getMessage(), e);
            }
        }).require();
    }

    /** A volume mount: which volume (and folder of it) appears where, and whether it is writable. */
    record Mount(String volume, String subPath, String path, boolean readOnly) {
        boolean sameSource(Mount o) {
            return volume.equals(o.volume) && subPath.equals(o.subPath);
        }
    }

    /** One rendering of a kustomization, with lookups into the gateway's Deployment. */
    record Build(String id, List<ObjectNode> docs) {
        Build require() {
            assumeTrue(docs != null, "kubectl is not installed; " + id + " is checked through KustomizeLite only");
            return this;
        }

        List<JsonNode> all(String kind) {
            return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).map(d -> (JsonNode) d).toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return all(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst();
        }

        Optional<JsonNode> configMap(String name) {
            return find("ConfigMap", name);
        }

        JsonNode deployment() {
            return find("Deployment", "openclaw-gateway").orElseThrow(() -> new AssertionError(id + ": no Deployment openclaw-gateway"));
        }

        JsonNode podSpec() {
            return deployment().path("spec").path("template").path("spec");
        }

        List<JsonNode> allContainers() {
            List<JsonNode> l = new ArrayList<>();
            podSpec().path("initContainers").forEach(l::add);
            podSpec().path("containers").forEach(l::add);
            return l;
        }

        JsonNode container(String name) {
            return allContainers().stream().filter(c -> c.path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + ": no container " + name));
        }

        JsonNode gatewarden() {
            return container("gatewarden");
        }

        JsonNode gateway() {
            return container("openclaw-gateway");
        }

        JsonNode volume(String name) {
            return stream(podSpec().path("volumes")).filter(v -> v.path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(id + ": no volume " + name));
        }

        List<Mount> mountsOf(JsonNode container) {
            return stream(container.path("volumeMounts")).map(m -> new Mount(m.path("name").asText(), m.path("subPath").asText(""),
                    m.path("mountPath").asText(), m.path("readOnly").asBoolean())).toList();
        }

        /** The mount a path of the container lies on (the deepest mount point above it). */
        Mount mountFor(JsonNode container, String path) {
            return mountsOf(container).stream().filter(m -> Path.of(path).startsWith(Path.of(m.path())))
                    .max((a, b) -> Integer.compare(a.path().length(), b.path().length()))
                    .orElseThrow(() -> new AssertionError(id + ": " + container.path("name").asText() + " mounts nothing at " + path));
        }

        List<String> strings(JsonNode array) {
            return stream(array).map(JsonNode::asText).toList();
        }

        Optional<String> env(JsonNode container, String name) {
            return stream(container.path("env")).filter(e -> e.path("name").asText().equals(name)).map(e -> e.path("value").asText()).findFirst();
        }

        /** A port given by number or by the name of one of the container's ports. */
        int resolvePort(JsonNode container, JsonNode port) {
            if (port.isInt()) return port.asInt();
            return stream(container.path("ports")).filter(p -> p.path("name").asText().equals(port.asText()))
                    .map(p -> p.path("containerPort").asInt()).findFirst()
                    .orElseThrow(() -> new AssertionError(id + ": " + container.path("name").asText() + " has no port " + port));
        }

        int probePort(JsonNode container, String probe) {
            JsonNode p = container.path(probe).path("httpGet");
            assertThat(p.isMissingNode()).as(id + ": " + container.path("name").asText() + " has an HTTP " + probe).isFalse();
            return resolvePort(container, p.path("port"));
        }

        /** The file a configMap volume mounted at the folder holds (the folder's mount in that container). */
        String configMapFile(JsonNode container, Path file) {
            Mount m = mountFor(container, file.toString());
            assertThat(m.path()).isEqualTo(file.getParent().toString());
            JsonNode vol = volume(m.volume());
            String cm = vol.path("configMap").path("name").asText();
            JsonNode data = configMap(cm).orElseThrow(() -> new AssertionError(id + ": no ConfigMap " + cm)).path("data");
            JsonNode text = data.path(file.getFileName().toString());
            assertThat(text.isTextual()).as(id + ": ConfigMap " + cm + " has " + file.getFileName()).isTrue();
            return text.asText();
        }

        GatewardenConfig gatewardenConfig() throws Exception {
            List<String> cmd = strings(gatewarden().path("command"));
            int i = cmd.indexOf("--config");
            assertThat(i).as("gatewarden is started with --config").isGreaterThan(0);
            assertThat(cmd).contains("run");
            Path file = Path.of(cmd.get(i + 1));
            return ConfigLoader.parse(configMapFile(gatewarden(), file), id + ":" + file);
        }

        /** openclaw.json as seeded: the file seed-config copies from its ConfigMap mount. */
        JsonNode openclawJson() throws Exception {
            JsonNode seed = container("seed-config");
            String script = String.join("\n", strings(seed.path("command")));
            Mount seedMount = mountsOf(seed).stream().filter(m -> volume(m.volume()).has("configMap")).findFirst().orElseThrow();
            Path file = Path.of(seedMount.path(), "openclaw.json");
            assertThat(script).contains(file.toString());
            return JSON.readTree(configMapFile(seed, file));
        }
    }
}
