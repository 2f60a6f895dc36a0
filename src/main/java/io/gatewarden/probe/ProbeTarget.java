package io.gatewarden.probe;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One endpoint gatewarden probes, resolved from {@link ProbeSettings}.
 *
 * @param name        unique name, used in results and incident labels (e.g. "anthropic", "gateway")
 * @param kind        what kind of endpoint it is
 * @param baseUri     scheme, host, port and optional base path (an OpenAI-compatible base ending in /v1 is fine)
 * @param paths       paths probed in order each round; the round fails at the first failing path
 * @param provider    the gateway's provider id this target stands for (matches {@code provider=} in its logs)
 * @param profile     the gateway's auth profile this key belongs to, or null
 * @param credential  where the key comes from ({@link CredentialSource#NONE} when none is needed)
 * @param keyInQuery  Gemini only: send the key as {@code ?key=} instead of the x-goog-api-key header
 * @param headers     fixed, non-secret extra headers (anthropic-version)
 * @param interval    time between rounds (before jitter)
 * @param timeout     deadline per request
 */
public record ProbeTarget(String name, ProviderKind kind, URI baseUri, List<String> paths, String provider,
                          String profile, CredentialSource credential, boolean keyInQuery,
                          Map<String, String> headers, Duration interval, Duration timeout) {
    public ProbeTarget {
        paths = List.copyOf(paths == null || paths.isEmpty() ? kind.defaultPaths() : paths);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        credential = credential == null ? CredentialSource.NONE : credential;
        provider = provider == null || provider.isBlank() ? name : provider;
    }

    public boolean isGateway() {
        return kind == ProviderKind.GATEWAY;
    }

    /** The URL for one path, without any key (safe to print). */
    public URI uriFor(String path) {
        String base = baseUri.toString();
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        String p = path.startsWith("/") ? path : "/" + path;
        // "http://host:1234/v1" + "/v1/models" must not become /v1/v1/models (LM Studio, vLLM bases end in /v1)
        if (p.startsWith("/v1/") && base.endsWith("/v1")) p = p.substring(3);
        if (p.startsWith("/v1beta/") && base.endsWith("/v1beta")) p = p.substring(7);
        return URI.create(base + p);
    }
}
