package io.atlas.keda;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.atlas.strimzi.ClusterNames;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the network policies of the Atlas applications: deny everything in and out, then allow only the flows the
 * pipeline needs — DNS, each app to the Kafka brokers' TLS listener and to the OpenTelemetry Collector's OTLP ports,
 * cdc (and the backup job) to PostgreSQL, the gateway to Redis, clients to the gateway's WebSocket port, and
 * Prometheus (monitoring namespace) to every ops port. PostgreSQL and Redis admit exactly those clients.
 *
 * <p>Kafka's own pods are left to the policies Strimzi creates for its listeners.
 */
public final class NetworkPolicyResources {


    private NetworkPolicyResources() {
    }

    public static List<NetworkPolicy> all() {
        List<NetworkPolicy> policies = new ArrayList<>();
        policies.add(defaultDeny());
        for (Application application : Applications.all()) {
            policies.add(forApplication(application));
        }
        for (Application.External external : Application.External.values()) {
            policies.add(forExternal(external));
        }
        policies.add(backupJob());
        policies.add(rollForwardJob());
        return policies;
    }

    /** PostgreSQL or Redis: reached on its port by the applications the catalog says use it, nothing else. */
    public static NetworkPolicy forExternal(Application.External external) {
        List<NetworkPolicyPeer> clients = new ArrayList<>();
        Applications.all().stream().filter(application -> application.externals().contains(external))
                .forEach(application -> clients.add(pods(application.name())));
        if (external == Application.External.POSTGRESQL) {
            clients.add(pods(PostgresResources.BACKUP));
            clients.add(pods(CdcRollForward.NAME));
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(externalName(external))
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(externalName(external)))
                .endMetadata()
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(AppLabels.NAME,
                            externalName(external))).build())
                    // Egress stays denied: neither needs to reach anything.
                    .withPolicyTypes("Ingress", "Egress")
                    .withIngress(new NetworkPolicyIngressRuleBuilder().withFrom(clients)
                            .withPorts(tcp(external.port())).build())
                .endSpec()
                .build();
    }

    /** The backup job reaches DNS and PostgreSQL only. */
    public static NetworkPolicy backupJob() {
        return job(PostgresResources.BACKUP, List.of(dns(), postgresql()));
    }

    /** The restore's roll-forward reads the topics and writes PostgreSQL. */
    public static NetworkPolicy rollForwardJob() {
        return job(CdcRollForward.NAME, List.of(dns(), brokers(), postgresql()));
    }

    private static NetworkPolicy job(String name, List<NetworkPolicyEgressRule> egress) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(DataStores.labels(name))
                .endMetadata()
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(AppLabels.NAME, name)).build())
                    .withPolicyTypes("Ingress", "Egress")
                    .withEgress(egress)
                .endSpec()
                .build();
    }

    private static NetworkPolicyEgressRule postgresql() {
        return new NetworkPolicyEgressRuleBuilder().withTo(pods(PostgresResources.NAME))
                .withPorts(tcp(PostgresResources.PORT)).build();
    }

    /** The Kafka brokers' internal TLS listener. */
    static NetworkPolicyEgressRule brokers() {
        return new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder()
                        .withMatchLabels(new TreeMap<>(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER,
                                "strimzi.io/broker-role", "true"))).build()).build())
                .withPorts(tcp(ClusterNames.INTERNAL_PORT))
                .build();
    }

    /** The pods of PostgreSQL or Redis. */
    public static String externalName(Application.External external) {
        return external == Application.External.POSTGRESQL ? PostgresResources.NAME : RedisResources.NAME;
    }

    /** Selects every Atlas application pod and allows nothing: later policies add the needed flows. */
    public static NetworkPolicy defaultDeny() {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName("atlas-default-deny")
                    .withNamespace(ClusterNames.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(AppLabels.allApplications()).build())
                    .withPolicyTypes("Ingress", "Egress")
                .endSpec()
                .build();
    }

    /** The flows one application needs, derived from its catalog entry. */
    public static NetworkPolicy forApplication(Application application) {
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        ingress.add(new NetworkPolicyIngressRuleBuilder()
                .withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace(
                        ClusterNames.MONITORING_NAMESPACE)).build())
                .withPorts(tcp(application.opsPort()))
                .build());
        // Clients reach the gateway from anywhere, through its load balancer.
        application.clientPort().ifPresent(port -> ingress.add(new NetworkPolicyIngressRuleBuilder()
                .withPorts(tcp(port)).build()));

        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        egress.add(dns());
        egress.add(brokers());
        // Spans go to the OpenTelemetry Collector in the monitoring namespace (OTLP gRPC or HTTP).
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace(TracingResources.NAMESPACE))
                        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(AppLabels.NAME,
                                TracingResources.COLLECTOR)).build()).build())
                .withPorts(tcp(TracingResources.OTLP_GRPC_PORT), tcp(TracingResources.OTLP_HTTP_PORT))
                .build());
        for (Application.External external : application.externals().stream().sorted().toList()) {
            egress.add(new NetworkPolicyEgressRuleBuilder().withTo(pods(externalName(external)))
                    .withPorts(tcp(external.port())).build());
        }
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                    .withName(application.name())
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(AppLabels.of(application))
                .endMetadata()
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(AppLabels.selector(application))
                            .build())
                    .withPolicyTypes("Ingress", "Egress")
                    .withIngress(ingress)
                    .withEgress(egress)
                .endSpec()
                .build();
    }

    /** kube-dns, over UDP and TCP. */
    static NetworkPolicyEgressRule dns() {
        return new NetworkPolicyEgressRuleBuilder()
                .withTo(new NetworkPolicyPeerBuilder().withNamespaceSelector(namespace("kube-system"))
                        .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("k8s-app", "kube-dns"))
                                .build()).build())
                .withPorts(new NetworkPolicyPortBuilder().withProtocol("UDP").withPort(new IntOrString(53)).build(),
                        new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(53)).build())
                .build();
    }

    /** The pods named {@code name} in the Atlas namespace. */
    static NetworkPolicyPeer pods(String name) {
        return new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder()
                .withMatchLabels(Map.of(AppLabels.NAME, name)).build()).build();
    }

    private static LabelSelector namespace(String name) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of("kubernetes.io/metadata.name", name)).build();
    }

    static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort tcp(int port) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build();
    }
}
