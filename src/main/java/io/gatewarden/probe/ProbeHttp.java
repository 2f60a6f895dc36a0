package io.gatewarden.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The one HTTP call a probe makes: a GET with a few headers and a hard deadline. Two adapters exist:
 * {@link JdkProbeHttp} (plain Java, for the CLI and tests) and {@code rest.QuarkusRestProbeHttp} (the daemon).
 * The split exists because the Quarkus REST client needs a booted Quarkus application: its client stubs are
 * generated at build time and it looks up ArC and Vert.x at run time (quarkusio/quarkus#25041, #35038).
 */
public interface ProbeHttp extends AutoCloseable {

    /**
     * @param headers request headers (may hold a key: adapters must never log them)
     * @param timeout deadline for the whole exchange, from connect to the last body byte
     * @return the response, whatever its status
     * @throws ProbeIoException when no response arrived (timeout, refused, reset, ...), already classified
     */
    HttpReply get(URI uri, Map<String, String> headers, Duration timeout) throws ProbeIoException;

    /**
     * A POST with a JSON body (the model probe: one real request with one output token). Adapters without POST
     * support throw {@link ProbeIoException} ({@link FailureKind#CONNECTION_ERROR}).
     */
    default HttpReply post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws ProbeIoException {
        throw new ProbeIoException(FailureKind.CONNECTION_ERROR, getClass().getSimpleName() + " cannot POST");
    }

    @Override
    default void close() {}
}
