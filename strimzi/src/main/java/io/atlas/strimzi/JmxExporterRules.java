package io.atlas.strimzi;

/**
 * The Prometheus JMX exporter rules the brokers and controllers run with: the broker, request, log, controller and
 * replica-manager MBeans the alerts and dashboards use, after Strimzi's example {@code kafka-metrics.yaml}.
 */
final class JmxExporterRules {

    static final String YAML = """
            lowercaseOutputName: true
            rules:
            # Per-topic byte and message rates
            - pattern: kafka.server<type=BrokerTopicMetrics, name=(.+), topic=(.+)><>Count
              name: kafka_server_brokertopicmetrics_$1_total
              type: COUNTER
              labels:
                topic: "$2"
            - pattern: kafka.server<type=BrokerTopicMetrics, name=(.+)><>Count
              name: kafka_server_brokertopicmetrics_$1_total
              type: COUNTER
            # Under-replicated and offline partitions, ISR changes
            - pattern: kafka.server<type=ReplicaManager, name=(.+)><>Value
              name: kafka_server_replicamanager_$1
              type: GAUGE
            - pattern: kafka.server<type=ReplicaManager, name=(.+)><>Count
              name: kafka_server_replicamanager_$1_total
              type: COUNTER
            - pattern: kafka.controller<type=KafkaController, name=(.+)><>Value
              name: kafka_controller_kafkacontroller_$1
              type: GAUGE
            # Quoted: a plain YAML scalar cannot end with a colon.
            - pattern: 'kafka.server<type=raft-metrics><>(.+):'
              name: kafka_server_raftmetrics_$1
              type: GAUGE
            # Request latency percentiles per request type
            - pattern: kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(.+)><>(\\d+)thPercentile
              name: kafka_network_requestmetrics_totaltimems
              type: GAUGE
              labels:
                request: "$1"
                quantile: "0.$2"
            - pattern: kafka.network<type=RequestChannel, name=RequestQueueSize><>Value
              name: kafka_network_requestchannel_requestqueuesize
              type: GAUGE
            - pattern: kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate
              name: kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent
              type: GAUGE
            # Log size per partition, for disk alerts
            - pattern: kafka.log<type=Log, name=Size, topic=(.+), partition=(.+)><>Value
              name: kafka_log_log_size
              type: GAUGE
              labels:
                topic: "$1"
                partition: "$2"
            - pattern: java.lang<type=(.+), name=(.+)><(.+)>(\\w+)
              name: java_lang_$1_$4_$3_$2
            """;

    private JmxExporterRules() {
    }
}
