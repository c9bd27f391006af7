package io.atlas.strimzi;

/**
 * Names shared by the Kafka cluster and everything that connects to it: namespace, cluster, listeners (zones: {@link io.atlas.deploy.Placement}).
 *
 * <p>Strimzi derives Service and Secret names from the cluster and user names; they are spelled here once so the
 * KEDA module's Deployments and scalers point at the same bootstrap address and secrets the operator creates.
 */
public final class ClusterNames {

    /** Namespace of the Kafka cluster, its topics and users, and the Atlas applications (they mount user secrets). */
    public static final String NAMESPACE = "atlas";

    /** Namespace where Prometheus runs; the only source allowed to scrape ops and metrics ports. */
    public static final String MONITORING_NAMESPACE = "monitoring";

    public static final String CLUSTER = "atlas";

    /** The disaster-recovery region's cluster, which the mirror writes into. */
    public static final String DR_CLUSTER = "atlas-dr";

    /** The internal TLS listener with SCRAM-SHA-512: every Atlas application and the KEDA scaler use it. */
    public static final String INTERNAL_LISTENER = "tls";
    public static final int INTERNAL_PORT = 9093;

    /** The external TLS listener with SCRAM-SHA-512: outside tick producers and the DR mirror. */
    public static final String EXTERNAL_LISTENER = "external";
    public static final int EXTERNAL_PORT = 9094;

    /** Strimzi's label naming the cluster of a KafkaTopic or KafkaUser. */
    public static final String CLUSTER_LABEL = "strimzi.io/cluster";

    private ClusterNames() {
    }

    /** The bootstrap address of the internal TLS listener, as Strimzi names its Service. */
    public static String internalBootstrap() {
        return CLUSTER + "-kafka-bootstrap." + NAMESPACE + ".svc:" + INTERNAL_PORT;
    }

    /** The Secret holding the cluster CA certificate ({@code ca.crt}) clients trust. */
    public static String clusterCaSecret() {
        return CLUSTER + "-cluster-ca-cert";
    }

    /** Strimzi stores a SCRAM user's {@code password} and {@code sasl.jaas.config} in a Secret named after it. */
    public static String userSecret(String user) {
        return user;
    }
}
