package io.atlas.deploy;

/**
 * Where each alert's runbook lives: one Markdown file per alert in the repository (what it means, how to confirm,
 * how to fix, when to escalate), linked from the rule's {@value #ANNOTATION} annotation so the page is one click
 * from the alert.
 */
public final class Runbooks {

    /** The Prometheus rule annotation Alertmanager and Grafana show as the alert's runbook link. */
    public static final String ANNOTATION = "runbook_url";

    /** The runbooks' folder, relative to the repository's root. */
    public static final String FOLDER = "keda/docs/runbooks";

    /** PLACEHOLDER: the repository's public address, as the image registry (not published yet; see keda/README.md). */
    public static final String REPOSITORY = "https://github.com/atlas-streaming/atlas/blob/main/";

    private Runbooks() {
    }

    /** The runbook file of an alert, relative to the repository's root. */
    public static String file(String alert) {
        return FOLDER + "/" + alert + ".md";
    }

    /** The link the alert carries. */
    public static String url(String alert) {
        return REPOSITORY + file(alert);
    }
}
