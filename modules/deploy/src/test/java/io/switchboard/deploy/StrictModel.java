// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered YAML into the fabric8 Kubernetes model, strictly. The model keeps a field it does not know (a typo,
 * a field of another API version, a value of the wrong type) in the object's additional properties instead of failing;
 * here any such field fails, named by its path, and so does a kind the model does not know.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StrictModel() {}

    /**
     * @param yaml YAML documents separated by {@code ---} lines, as {@code kubectl kustomize} writes them
     * @param source for messages
     * @return the objects, in order
     * @throws AssertionError naming the object and the path of every field the model does not know
     */
    static List<HasMetadata> read(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object object = SERIALIZATION.unmarshal(document);
            if (!(object instanceof HasMetadata resource) || object instanceof GenericKubernetesResource) {
                throw new AssertionError(source + ": a kind the Kubernetes model does not know:\n" + document);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, resource.getKind(), unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError(source + ": " + resource.getKind() + " "
                        + resource.getMetadata().getName() + " has fields the Kubernetes model does not know: "
                        + unknown);
            }
            objects.add(resource);
        }
        return objects;
    }

    /** Walks the model's getters; every model class keeps what it did not recognise in getAdditionalProperties. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object field = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                unknownFields(field, path + "." + property(getter), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + getter, e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
