package io.gatewarden.probe;

import io.gatewarden.util.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProbeHttp} on the JDK's {@link HttpClient}: no framework, so the CLI and plain tests can probe.
 * The deadline covers the whole exchange (a server that sends headers and then stalls the body still times out),
 * and the body is cut at a byte limit so a huge or endless answer cannot fill memory.
 */
public final class JdkProbeHttp implements ProbeHttp {
    private final HttpClient client;
    private final int maxBodyBytes;

    public JdkProbeHttp(Duration connectTimeout, int maxBodyBytes) {
        this.client = HttpClients.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public HttpReply get(URI uri, Map<String, String> headers, Duration timeout) throws ProbeIoException {
        return send(HttpRequest.newBuilder(uri).GET().timeout(timeout), headers, timeout);
    }

    @Override
    public HttpReply post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws ProbeIoException {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(timeout), headers, timeout);
    }

    private HttpReply send(HttpRequest.Builder rb, Map<String, String> headers, Duration timeout) throws ProbeIoException {
        headers.forEach(rb::header);
        CompletableFuture<HttpResponse<Body>> f = client.sendAsync(rb.build(), info -> new BoundedBody(maxBodyBytes));
        try {
            HttpResponse<Body> r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<String>> h = r.headers().map();
            return new HttpReply(r.statusCode(), h, r.body().bytes(), r.body().truncated());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ProbeIoException(FailureKind.TIMEOUT, "no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProbeIoException(FailureKind.CONNECTION_ERROR, "interrupted");
        } catch (ExecutionException e) {
            throw classify(e.getCause(), timeout);
        }
    }

    static ProbeIoException classify(Throwable t, Duration timeout) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) {
                return new ProbeIoException(FailureKind.TIMEOUT, "connect timed out");
            }
            if (c instanceof HttpTimeoutException) {
                return new ProbeIoException(FailureKind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
            }
            if (c instanceof ConnectException) {
                return new ProbeIoException(FailureKind.CONNECTION_REFUSED, "connection refused");
            }
        }
        String what = t == null ? "unknown error" : t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new ProbeIoException(FailureKind.CONNECTION_ERROR, what);
    }

    /** The body bytes and whether they were cut. */
    record Body(byte[] bytes, boolean truncated) {}

    /** Collects at most {@code max} bytes, then cancels the stream: the exchange ends, the prefix is kept. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<Body> {
        private final int max;
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private boolean truncated;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) return;
            for (ByteBuffer b : items) {
                int room = max - out.size();
                int n = Math.min(room, b.remaining());
                byte[] chunk = new byte[n];
                b.get(chunk);
                out.write(chunk, 0, n);
                if (b.hasRemaining()) {
                    truncated = true;
                    break;
                }
            }
            if (truncated) {
                result.complete(new Body(out.toByteArray(), true));
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t instanceof IOException ? t : new IOException(t));
        }

        @Override
        public void onComplete() {
            result.complete(new Body(out.toByteArray(), truncated));
        }
    }
}
