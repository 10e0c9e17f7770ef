// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container of a manifest gets, worked out as the kubelet would: literal values with
 * {@code $(NAME)} references to the variables before them, resource fields from the container's own resources
 * (rounded up, as the kubelet does), and stand-ins for what only a running pod has (its IP, its namespace, Secrets).
 */
final class PodEnvironment {

    static final String POD_IP = "10.1.2.3";
    static final String NAMESPACE = "chat";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PodEnvironment() {}

    /**
     * @param container the container
     * @return its variables, in order
     */
    static Map<String, String> of(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValueFrom() == null
                    ? expand(variable.getValue() == null ? "" : variable.getValue(), env)
                    : source(variable.getValueFrom(), container);
            env.put(variable.getName(), value);
        }
        return env;
    }

    private static String expand(String value, Map<String, String> before) {
        Matcher reference = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            // the kubelet leaves a reference to an unknown variable as it is
            String replacement = before.getOrDefault(name, reference.group());
            reference.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return reference.appendTail(expanded).toString();
    }

    private static String source(EnvVarSource source, Container container) {
        if (source.getResourceFieldRef() != null) {
            return resource(source.getResourceFieldRef(), container);
        }
        if (source.getFieldRef() != null) {
            return switch (source.getFieldRef().getFieldPath()) {
                case "status.podIP" -> POD_IP;
                case "metadata.namespace" -> NAMESPACE;
                default ->
                    throw new AssertionError(
                            "No stand-in for the field " + source.getFieldRef().getFieldPath());
            };
        }
        if (source.getSecretKeyRef() != null) {
            return "secret-" + source.getSecretKeyRef().getName() + "-"
                    + source.getSecretKeyRef().getKey();
        }
        throw new AssertionError("No stand-in for " + source);
    }

    /** A resource field as the kubelet gives it: the quantity over the divisor, rounded up to a whole number. */
    private static String resource(ResourceFieldSelector field, Container container) {
        if (field.getContainerName() != null && !field.getContainerName().equals(container.getName())) {
            throw new AssertionError(
                    "A variable of " + container.getName() + " reads the resources of " + field.getContainerName());
        }
        String[] kindAndName = field.getResource().split("\\.", 2);
        Map<String, Quantity> resources = kindAndName[0].equals("limits")
                ? container.getResources().getLimits()
                : container.getResources().getRequests();
        Quantity quantity = resources == null ? null : resources.get(kindAndName[1]);
        if (quantity == null) {
            throw new AssertionError(container.getName() + " sets no " + field.getResource() + " for its variables");
        }
        BigDecimal divisor =
                field.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(field.getDivisor());
        return Quantity.getAmountInBytes(quantity)
                .divide(divisor, 0, RoundingMode.CEILING)
                .toPlainString();
    }
}
