package io.atlas.local.launch;

import io.atlas.catalog.Topics;
import io.atlas.local.kafka.KafkaCluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Java half of {@code ./atlas}: runs Atlas locally ({@code up}), stops it ({@code down}) and reports on it
 * ({@code status}). The bash wrapper builds what is missing and puts this module's classpath together first.
 */
@Command(name = "atlas", mixinStandardHelpOptions = true,
        description = "Runs Atlas locally: a KRaft Kafka broker and every service, each in its own JVM.",
        subcommands = {Atlas.Up.class, Atlas.Down.class, Atlas.Status.class, Atlas.Config.class, Atlas.TopicsTable.class,
                Atlas.Readme.class})
public final class Atlas {

    /** System property the wrapper sets to the Atlas checkout, where module builds and the run folder live. */
    static final String HOME_PROPERTY = "atlas.home";

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Atlas())
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("atlas " + String.join(" ", args) + ": " + describe(failure));
                    return 2;
                });
        System.exit(commandLine.execute(args));
    }

    /** A failure as a user reads it: each cause's message, without a stack trace they cannot act on. */
    static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            message.append(System.lineSeparator()).append("  caused by: ").append(cause);
        }
        return message.toString();
    }

    static LauncherConfig config() {
        return LauncherConfig.fromEnvironment(Path.of(System.getProperty(HOME_PROPERTY, ".")).toAbsolutePath());
    }

    @Command(name = "up", description = "Starts the broker and every service; stops them all on Ctrl-C or ./atlas down.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--trace", description = "Trace every service: spans go to each service's log under the run "
                + "folder (console exporter).")
        boolean trace;

        @Option(names = "--trace-ratio", defaultValue = "1", description = "With --trace, the share of new traces "
                + "recorded, 0..1 (default ${DEFAULT-VALUE}).")
        double traceRatio;

        @Option(names = "--sink", description = "Also start the analytics sink: predictions and outcomes into "
                + "PostgreSQL (ATLAS_SINK_JDBC_URL, default the local 127.0.0.1:5432/atlas, schema analytics).")
        boolean sink;

        @Override
        public Integer call() throws InterruptedException {
            LocalTracing tracing;
            try {
                tracing = new LocalTracing(trace, traceRatio);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            LauncherConfig config = config();
            PrintWriter out = spec.commandLine().getOut();
            Optional<RunState> running = RunState.read(config.runDir()).filter(RunState::launcherAlive);
            if (running.isPresent()) {
                spec.commandLine().getErr().println("Atlas is already running (launcher pid "
                        + running.get().launcherPid() + "); stop it first with ./atlas down");
                return 1;
            }
            List<ServiceSpec> services = new ArrayList<>(AtlasServices.all());
            if (sink) {
                services.add(AtlasServices.analyticsSink());
            }
            LocalRun run = LocalRun.start(config, services, tracing.serviceEnv());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                run.close();
                out.println("Atlas stopped.");
                out.flush();
                stopped.countDown();
            }, "atlas-shutdown"));
            printSummary(out, run);
            stopped.await();
            return 0;
        }

        private static void printSummary(PrintWriter out, LocalRun run) {
            KafkaCluster kafka = run.kafka();
            out.println();
            out.println("Atlas is up.");
            out.println("  Kafka bootstrap servers  " + kafka.bootstrapServers()
                    + "   (try: kcat -b " + kafka.bootstrapServers() + " -L)");
            out.println("  PostgreSQL               " + run.state().postgresUrl()
                    + "   (user atlas, password atlas; try: ./atlas admin instruments list)");
            for (ServiceProcess service : run.services()) {
                out.printf("  %-24s %s   (pid %d, health)%n", service.spec().name(), service.readiness(),
                        service.pid());
                if (!service.spec().userUrl().isEmpty()) {
                    out.printf("  %-24s %s%n", service.spec().name() + " page", service.spec().userUrl());
                }
                if (!service.spec().webSocketUrl().isEmpty()) {
                    out.printf("  %-24s %s   (protocol: README.md, The WebSocket protocol)%n",
                            service.spec().name() + " WebSocket", service.spec().webSocketUrl());
                }
            }
            out.println("  Logs                     " + run.logDir());
            if (!run.serviceEnv().isEmpty()) {
                out.println("  Traces                   in each service's log (" + run.serviceEnv() + ")");
            }
            out.println("Stop with Ctrl-C or ./atlas down.");
            out.flush();
        }
    }

    @Command(name = "down", description = "Stops a running ./atlas up: services first, then the broker.")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LauncherConfig config = config();
            PrintWriter out = spec.commandLine().getOut();
            Optional<RunState> state = RunState.read(config.runDir());
            if (state.isEmpty() || !state.get().launcherAlive()) {
                out.println("Atlas is not running.");
                RunState.clear(config.runDir());
                return 0;
            }
            ProcessHandle launcher = ProcessHandle.of(state.get().launcherPid()).orElseThrow();
            launcher.destroy();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            try {
                launcher.onExit().get(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                out.println("The launcher (pid " + launcher.pid() + ") did not stop in time: " + e);
                return 1;
            }
            out.println("Atlas stopped.");
            return 0;
        }
    }

    @Command(name = "status", description = "Shows what a running ./atlas up runs and where.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Optional<RunState> state = RunState.read(config().runDir()).filter(RunState::launcherAlive);
            if (state.isEmpty()) {
                out.println("Atlas is not running.");
                return 3;
            }
            out.println("Atlas is running (launcher pid " + state.get().launcherPid() + ").");
            out.println("  Kafka bootstrap servers  " + state.get().bootstrapServers());
            out.println("  PostgreSQL               " + state.get().postgresUrl());
            state.get().endpoints().forEach((name, url) -> out.printf("  %-24s %s%n", name, url));
            state.get().webSockets().forEach((name, url) -> out.printf("  %-24s %s%n", name + " WebSocket", url));
            return 0;
        }
    }

    @Command(name = "config", description = "Prints the launcher's environment variables as a Markdown table.")
    static final class Config implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(LauncherConfig.markdownTable());
            return 0;
        }
    }

    @Command(name = "topics", description = "Prints the topic catalog as a Markdown table.")
    static final class TopicsTable implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(TopicTable.markdown(Topics.all()));
            return 0;
        }
    }

    @Command(name = "readme", description = "Rewrites the tables of README.md that the code owns (config, topics).")
    static final class Readme implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path readme = config().home().resolve("README.md");
            ReadmeTables.refresh(readme);
            spec.commandLine().getOut().println("Refreshed the generated tables of " + readme);
            return 0;
        }
    }
}
