package io.gatewarden.gateway.restart;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gatewarden.secret.Fingerprint;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubernetes strategy against a local HTTP stub standing in for the API server. */
class KubernetesPodRestartTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VydmljZWFjY291bnQ.sig-nature-0123456789";

    record Call(String method, String path, String authorization) {}

    @TempDir
    Path dir;

    private HttpServer api;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"openclaw-0\"}}";
    private Path tokenFile;

    @BeforeEach
    void startApiStub() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            calls.add(new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization")));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
        Files.writeString(dir.resolve("namespace"), "agents");
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    private KubernetesPodRestart strategy(String pod) {
        var k = new RestartSettings.KubernetesSettings("http://127.0.0.1:" + api.getAddress().getPort(), null, pod,
                tokenFile, dir.resolve("ca.crt"), dir.resolve("namespace"));
        return new KubernetesPodRestart(k, Map.of("HOSTNAME", "openclaw-0"), Duration.ofSeconds(5));
    }

    @Test
    void deletesTheGatewaysPodWithTheServiceAccountToken() {
        try (LogCapture logs = new LogCapture()) {
            RestartStrategy.Result r = strategy(null).restart();
            assertThat(r.ok()).as(r.detail()).isTrue();
            assertThat(calls).containsExactly(new Call("DELETE", "/api/v1/namespaces/agents/pods/openclaw-0", "Bearer " + TOKEN));
            assertThat(r.detail()).doesNotContain(TOKEN);
            assertThat(logs.all()).contains("agents/openclaw-0").contains(Fingerprint.of(TOKEN)).doesNotContain(TOKEN);
        }
    }

    @Test
    void aRefusalIsAFailureAndTheTokenStaysOutOfItsDetail() {
        status = 403;
        body = "{\"kind\":\"Status\",\"message\":\"pods is forbidden: token " + TOKEN + " cannot delete\"}";
        try (LogCapture logs = new LogCapture()) {
            RestartStrategy.Result r = strategy("openclaw-1").restart();
            assertThat(r.ok()).isFalse();
            assertThat(r.detail()).contains("HTTP 403").contains("forbidden").doesNotContain(TOKEN);
            assertThat(calls.get(0).path()).isEqualTo("/api/v1/namespaces/agents/pods/openclaw-1");
            assertThat(logs.all()).doesNotContain(TOKEN);
        }
    }

    @Test
    void refusesNamesThatWouldLeaveThePodsPath() {
        RestartStrategy.Result r = strategy("../../secrets/x").restart();
        assertThat(r.ok()).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void defaultsTheApiUrlFromTheInClusterEnvironment() {
        var k = RestartSettings.KubernetesSettings.defaults();
        assertThat(new KubernetesPodRestart(k, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"),
                Duration.ofSeconds(1)).apiUrl()).isEqualTo("https://10.96.0.1:443");
        assertThat(new KubernetesPodRestart(k, Map.of(), Duration.ofSeconds(1)).apiUrl()).isEqualTo("https://kubernetes.default.svc");
    }
}
