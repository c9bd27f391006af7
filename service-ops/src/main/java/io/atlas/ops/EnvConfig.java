package io.atlas.ops;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings read from environment variables, as a pod gets them. Each setting is declared once in a
 * {@link ConfigDef} whose key is the variable's own name, with type, default, validator and doc; parsing happens in
 * the constructor, so a bad value stops the service at start with a {@code ConfigException} naming the variable.
 */
public abstract class EnvConfig extends AbstractConfig {

    protected EnvConfig(ConfigDef definition, Map<String, String> env) {
        super(definition, select(definition, env), false);
    }

    /**
     * A stable name of this instance: the string setting {@code variable} when it is not blank, else the host name,
     * which in Kubernetes is the pod's and survives its container's restarts.
     */
    protected String instanceName(String variable) {
        String configured = getString(variable).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Cannot read the host name; set " + variable, e);
        }
    }

    /** The variables {@code definition} declares, taken from {@code env}; everything else in it is ignored. */
    static Map<String, String> select(ConfigDef definition, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        for (String name : definition.names()) {
            String value = env.get(name);
            if (value != null) {
                settings.put(name, value);
            }
        }
        return settings;
    }

    /** The variables of {@code definition} as a Markdown table (variable, default, meaning) for README.md. */
    public static String markdownTable(ConfigDef definition) {
        StringBuilder table = new StringBuilder("| variable | default | meaning |\n|---|---|---|\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            table.append("| `").append(key.name).append("` | ").append(defaultOf(key)).append(" | ")
                    .append(key.documentation).append(" |\n");
        }
        return table.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        return value == null || value.toString().isEmpty() ? "(empty)" : "`" + value + "`";
    }
}
