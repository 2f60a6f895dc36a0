package io.gatewarden.gateway.restart;

import io.gatewarden.secret.Redactor;
import io.gatewarden.secret.Secret;
import io.gatewarden.util.HttpClients;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deletes the gateway's pod through the Kubernetes API ({@code DELETE /api/v1/namespaces/{ns}/pods/{pod}});
 * its Deployment/StatefulSet starts a fresh one. Authenticates with the in-cluster service-account token
 * (re-read each time: projected tokens rotate) and trusts the API server through the mounted CA. The
 * service account needs {@code delete} on {@code pods} in that namespace. The token is only ever logged as a
 * fingerprint.
 */
public final class KubernetesPodRestart implements RestartStrategy {
    private static final System.Logger LOG = System.getLogger(KubernetesPodRestart.class.getName());
    /** RFC 1123 names, as Kubernetes requires for namespaces and pods; also keeps the URL path ours. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final int MAX_BODY = 2048;

    private final RestartSettings.KubernetesSettings settings;
    private final Map<String, String> env;
    private final Duration timeout;

    /** @param env the process environment (KUBERNETES_SERVICE_HOST/PORT, POD_NAME, HOSTNAME) */
    public KubernetesPodRestart(RestartSettings.KubernetesSettings settings, Map<String, String> env, Duration timeout) {
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Result restart() {
        String api = apiUrl();
        String namespace;
        String pod;
        String token;
        try {
            namespace = settings.namespace() != null ? settings.namespace() : read(settings.namespacePath()).strip();
            pod = settings.pod() != null ? settings.pod() : env.getOrDefault("POD_NAME", env.get("HOSTNAME"));
            token = read(settings.tokenPath()).strip();
        } catch (IOException e) {
            return Result.failed("kubernetes: cannot read service-account files: " + e.getMessage());
        }
        if (pod == null || !NAME.matcher(pod).matches()) return Result.failed("kubernetes: no valid pod name (" + pod + ")");
        if (!NAME.matcher(namespace).matches()) return Result.failed("kubernetes: invalid namespace '" + namespace + "'");
        if (token.isEmpty()) return Result.failed("kubernetes: the token file " + settings.tokenPath() + " is empty");

        String path = "/api/v1/namespaces/" + namespace + "/pods/" + pod;
        Secret secret = Secret.of(token);
        Redactor redactor = Redactor.knowing(secret);
        String fp = secret.fingerprint();
        LOG.log(System.Logger.Level.INFO, () -> "deleting pod " + namespace + "/" + pod + " via " + api + " (token " + fp + ")");
        try {
            HttpClient http = client(api);
            HttpRequest req = HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .DELETE()
                    .build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null ? "" : r.body();
            if (body.length() > MAX_BODY) body = body.substring(0, MAX_BODY) + "…";
            String detail = "DELETE " + path + " -> HTTP " + r.statusCode();
            if (r.statusCode() == 200 || r.statusCode() == 202) return Result.ok(detail);
            return Result.failed(detail + ": " + redactor.scrub(body.replace('\n', ' ')));
        } catch (IOException | GeneralSecurityException e) {
            return Result.failed("DELETE " + path + " failed: " + redactor.scrub(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("DELETE " + path + " interrupted");
        }
    }

    String apiUrl() {
        if (settings.apiUrl() != null) return settings.apiUrl();
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host != null && !host.isBlank()) {
            return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
        return "https://kubernetes.default.svc";
    }

    private HttpClient client(String api) throws IOException, GeneralSecurityException {
        HttpClient.Builder b = HttpClients.builder().connectTimeout(timeout).proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (api.startsWith("https://") && Files.exists(settings.caPath())) b.sslContext(trusting(settings.caPath()));
        return b.build();
    }

    /** An SSLContext that trusts exactly the certificates in the CA bundle. */
    static SSLContext trusting(Path caBundle) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caBundle)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
