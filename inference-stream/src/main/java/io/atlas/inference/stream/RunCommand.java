package io.atlas.inference.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run}: starts the scorer with settings from environment variables (see {@link InferenceConfig}) and runs
 * until the process is told to stop; a named shutdown hook closes it gracefully.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Kafka Streams scorer (configured by ATLAS_* environment variables).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Override
    public Integer call() throws InterruptedException {
        InferenceConfig config = new InferenceConfig(System.getenv());
        InferenceApp app = InferenceApp.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "inference-stream-shutdown"));
        log.info("inference-stream running; health and metrics on port {}", app.httpPort());
        stopped.await();
        return 0;
    }
}
