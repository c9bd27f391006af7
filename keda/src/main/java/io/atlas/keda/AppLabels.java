package io.atlas.keda;

import io.atlas.catalog.Application;
import java.util.Map;
import java.util.TreeMap;

/** The labels every Atlas workload carries; network policies and monitors select on them. */
public final class AppLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String PART_OF_VALUE = "atlas";

    /** Tells an application's two Deployments apart when its replicas above the minimum run on spot. */
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MINIMUM = "minimum";
    public static final String ABOVE_MINIMUM = "above-minimum";

    private AppLabels() {
    }

    /** Selects one application's pods. */
    public static Map<String, String> selector(Application application) {
        return Map.of(NAME, application.name());
    }

    /** Selects the pods of one of the application's Deployments: {@link #MINIMUM} or {@link #ABOVE_MINIMUM}. */
    public static Map<String, String> selector(Application application, String component) {
        Map<String, String> selector = new TreeMap<>(selector(application));
        selector.put(COMPONENT, component);
        return selector;
    }

    /** All labels of an application's resources and pods. */
    public static Map<String, String> of(Application application) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME, application.name());
        labels.put(PART_OF, PART_OF_VALUE);
        return labels;
    }

    /**
     * Prometheus's {@code job} label for the application's targets: its ServiceMonitor names {@link #NAME} as the
     * {@code jobLabel}, so the job is this label's value on the Service, whatever the Service is called.
     */
    public static String job(Application application) {
        return of(application).get(NAME);
    }

    /** Selects every Atlas application pod (not Kafka's). */
    public static Map<String, String> allApplications() {
        return Map.of(PART_OF, PART_OF_VALUE);
    }
}
