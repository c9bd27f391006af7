package io.atlas.local.launch;

import io.atlas.catalog.Application;
import io.atlas.ops.OpsServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Atlas service as the launcher runs it: its own JVM, started from a Maven module's classes and runtime
 * classpath, with an HTTP port for health and metrics that the launcher assigns.
 *
 * @param name          short name shown to the user and used for the log file, e.g. {@code inference-stream}
 * @param module        the Maven module folder holding the service, relative to the Atlas checkout
 * @param mainClass     the class whose {@code main} starts the service
 * @param args          command-line arguments for {@code main}
 * @param readinessPath the HTTP path answering 200 once the service is ready, e.g. {@code /health/ready}
 * @param maxHeap       the service JVM's heap, as for -Xmx
 * @param env           extra environment variables for the service
 * @param userUrl       where a person points a browser or client at the service (e.g. the gateway's live page),
 *                      or empty when it has no such face
 * @param webSocketUrl  where a program opens a WebSocket to the service (the gateway's protocol endpoint), or empty
 */
public record ServiceSpec(String name, String module, String mainClass, List<String> args, String readinessPath,
                          String maxHeap, Map<String, String> env, String userUrl, String webSocketUrl) {

    /**
     * An application of the catalog as the local run starts it: its module and main class, then the given arguments
     * after the catalog's own, answering readiness on the ops port's readiness path.
     */
    public static ServiceSpec of(Application application, List<String> extraArgs, String maxHeap,
                                 Map<String, String> env) {
        List<String> args = new ArrayList<>(application.arguments());
        args.addAll(extraArgs);
        String userUrl = application.clientPort().isPresent()
                ? "http://127.0.0.1:" + application.clientPort().getAsInt() + "/" : "";
        return new ServiceSpec(application.name(), application.module(), application.mainClass(), args,
                OpsServer.READINESS, maxHeap, env, userUrl, "");
    }

    /** This spec with a WebSocket endpoint at {@code path} on the port of its user URL. */
    public ServiceSpec withWebSocket(String path) {
        if (userUrl.isEmpty() || !path.startsWith("/")) {
            throw new IllegalArgumentException(name + ": a WebSocket path starting with '/' on a service with a user "
                    + "URL, got '" + path + "'");
        }
        return new ServiceSpec(name, module, mainClass, args, readinessPath, maxHeap, env, userUrl,
                "ws://" + java.net.URI.create(userUrl).getRawAuthority() + path);
    }

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        Objects.requireNonNull(userUrl, "userUrl");
        Objects.requireNonNull(webSocketUrl, "webSocketUrl");
        if (!readinessPath.startsWith("/")) {
            throw new IllegalArgumentException("readinessPath must start with '/', got " + readinessPath);
        }
    }
}
