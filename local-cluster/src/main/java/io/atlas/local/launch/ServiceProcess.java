package io.atlas.local.launch;

import io.atlas.local.process.ChildJvm;
import io.atlas.ops.OpsServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A service running in its own JVM, as it will run in its own pod: considered up once its readiness endpoint
 * answers 200, stopped with SIGTERM so that its shutdown hook drains it (or killed, by a drill). The launcher and the
 * drill start services this way.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final ChildJvm jvm;
    private final URI readiness;

    private ServiceProcess(ServiceSpec spec, ChildJvm jvm, URI readiness) {
        this.spec = spec;
        this.jvm = jvm;
        this.readiness = readiness;
    }

    /**
     * Starts the service's JVM.
     *
     * @param classpath the service's classpath: its module's classes and runtime dependencies
     * @param httpPort  the port it serves health and metrics on, given to it as {@value OpsServer#PORT}
     * @param env       the environment it gets besides the spec's own
     */
    public static ServiceProcess start(ServiceSpec spec, String classpath, int httpPort, Map<String, String> env,
                                      Path logDir)
            throws IOException {
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(spec.env());
        environment.put(OpsServer.PORT, Integer.toString(httpPort));
        ChildJvm jvm = ChildJvm.start(spec.name(), List.of("-Xmx" + spec.maxHeap(), "-XX:+UseG1GC"), classpath,
                spec.mainClass(), spec.args(), environment, logDir.resolve(spec.name() + ".log"));
        return new ServiceProcess(spec, jvm, URI.create("http://127.0.0.1:" + httpPort + spec.readinessPath()));
    }

    /** Polls the readiness endpoint until it answers 200; fails early if the JVM exits. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            jvm.ensureAlive("starting");
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                log.debug("{} is not ready yet: {}", spec.name(), e.toString());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(spec.name() + " was not ready at " + readiness + " within "
                        + timeout + "; see " + jvm.logFile());
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    public ServiceSpec spec() {
        return spec;
    }

    public URI readiness() {
        return readiness;
    }

    public long pid() {
        return jvm.pid();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** Completes with the service's exit code once its JVM has ended, whatever ended it. */
    public CompletableFuture<Integer> onExit() {
        return jvm.onExit();
    }

    public Path logFile() {
        return jvm.logFile();
    }

    /** Kills the service with SIGKILL, as a node failure or an OOM kill would: no shutdown hook, no drain. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
