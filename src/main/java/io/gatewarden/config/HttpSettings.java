package io.gatewarden.config;

/**
 * The daemon's HTTP surface.
 *
 * @param host           bind address; loopback by default so the API is not exposed by accident
 * @param port           port of /q/health, /q/metrics, /api and the status page
 * @param apiTokenEnv    name of the environment variable holding the bearer token for mutating API calls
 * @param apiTokenFile   or a file holding it (e.g. a Kubernetes secret mount); without either, mutations are refused
 */
public record HttpSettings(String host, Integer port, String apiTokenEnv, String apiTokenFile) {
    public HttpSettings {
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        port = port == null ? 9464 : port;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
    }

    public static HttpSettings defaults() {
        return new HttpSettings(null, null, null, null);
    }
}
