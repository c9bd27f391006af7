package io.atlas.strimzi;

import io.atlas.catalog.Application;
import io.atlas.catalog.Applications;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimpleBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthenticationBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one SCRAM-SHA-512 {@code KafkaUser} per Atlas application (named after it), plus the KEDA scaler, the DR
 * mirror, outside producers and the restore's roll-forward, each with the ACLs {@link AccessControl} derives.
 */
public final class UserResources {

    private UserResources() {
    }

    public static List<KafkaUser> all() {
        List<KafkaUser> users = new ArrayList<>();
        for (Application application : Applications.all()) {
            users.add(user(application.name(), AccessControl.acls(application)));
        }
        users.add(user(AccessControl.KEDA_SCALER_USER, AccessControl.kedaScalerAcls()));
        users.add(user(AccessControl.MIRROR_USER, AccessControl.mirrorAcls()));
        users.add(user(AccessControl.EDGE_PRODUCER_USER, AccessControl.edgeProducerAcls()));
        users.add(user(AccessControl.CDC_RESTORE_USER, AccessControl.cdcRestoreAcls()));
        return users;
    }

    public static KafkaUser user(String name, List<AclRule> acls) {
        return new KafkaUserBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(ClusterNames.NAMESPACE)
                    .withLabels(Map.of(ClusterNames.CLUSTER_LABEL, ClusterNames.CLUSTER))
                .endMetadata()
                .withNewSpec()
                    .withAuthentication(new KafkaUserScramSha512ClientAuthenticationBuilder().build())
                    .withAuthorization(new KafkaUserAuthorizationSimpleBuilder().withAcls(acls).build())
                .endSpec()
                .build();
    }
}
