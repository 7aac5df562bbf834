package dev.trafficmirror.jaxrs.internal;

import dev.trafficmirror.core.Mirror;
import dev.trafficmirror.jaxrs.Mirrored;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides, per resource method and once at start-up, whether it is mirrored, and registers a {@link
 * RequestCapture} for it. Unannotated methods are mirrored only while no resource in the
 * application carries {@link Mirrored}: the runtime configures every resource method before the
 * first request, so {@link #anyAnnotated()} is final by then.
 */
public final class MethodSelection implements DynamicFeature {
  private final Mirror mirror;
  private final int priority;
  private volatile boolean anyAnnotated;

  /** Creates the selection for {@code mirror}, registering captures at {@code priority}. */
  public MethodSelection(Mirror mirror, int priority) {
    this.mirror = mirror;
    this.priority = priority;
  }

  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    Method method = resourceInfo.getResourceMethod();
    Class<?> resource = resourceInfo.getResourceClass();
    if (method == null || resource == null) {
      return;
    }
    Mirrored annotation = method.getAnnotation(Mirrored.class);
    if (annotation == null) {
      annotation = resource.getAnnotation(Mirrored.class);
    }
    if (annotation == null) {
      context.register(
          new RequestCapture(mirror, this, false, null),
          Map.of(ContainerRequestFilter.class, priority));
      return;
    }
    anyAnnotated = true;
    Set<String> targets = targets(annotation, resource.getName() + "#" + method.getName());
    context.register(
        new RequestCapture(mirror, this, true, targets),
        Map.of(ContainerRequestFilter.class, priority));
  }

  /** Returns whether some resource method or class of the application carries {@link Mirrored}. */
  boolean anyAnnotated() {
    return anyAnnotated;
  }

  /**
   * Validates {@link Mirrored#targets()} and returns the targets it restricts the method to, or
   * null when it names none (or all): every target.
   *
   * @throws IllegalArgumentException when it names a target that is not configured
   */
  private @Nullable Set<String> targets(Mirrored annotation, String where) {
    Set<String> configured = mirror.config().targets().keySet();
    Set<String> named = new LinkedHashSet<>(Arrays.asList(annotation.targets()));
    for (String name : named) {
      if (!configured.contains(name)) {
        throw new IllegalArgumentException(
            "@Mirrored on "
                + where
                + " names target \""
                + name
                + "\", which is not configured (mirror.targets="
                + String.join(",", configured)
                + ")");
      }
    }
    return named.isEmpty() || named.containsAll(configured) ? null : Set.copyOf(named);
  }
}
