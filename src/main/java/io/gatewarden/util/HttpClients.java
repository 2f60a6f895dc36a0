package io.gatewarden.util;

import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builders of the JDK HTTP clients (alert receivers, gateway health, HTTP probes, Kubernetes restart). Each JDK client
 * would otherwise run its callbacks on a cached thread pool of its own, unbounded and named "HttpClient-N-Worker-M";
 * here they share one pool of at most {@value #THREADS} named daemon threads that end when idle (issue 15: every
 * executor bounded and named). The work on it is short (completing futures, reading small bodies).
 */
public final class HttpClients {
    static final int THREADS = 2;
    private static final ExecutorService CALLBACKS = callbacks();

    private HttpClients() {}

    /** A builder whose client runs on the shared bounded pool; callers add timeouts, version, redirects, TLS. */
    public static HttpClient.Builder builder() {
        return HttpClient.newBuilder().executor(CALLBACKS);
    }

    private static ExecutorService callbacks() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "gatewarden-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
