package dev.trafficmirror.jaxrs;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits mirroring to the annotated resource methods, or to every resource method of the annotated
 * class.
 *
 * <p>Without any {@code @Mirrored} in the application, {@link MirrorFeature} mirrors every matched
 * request that the configuration selects. As soon as one resource method or class carries it, only
 * annotated methods are mirrored (still subject to the configuration: methods, include/exclude,
 * sampling). An annotation on a method wins over one on its class.
 *
 * <p>It is a {@link NameBinding} annotation, so an application may bind providers of its own to it.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Mirrored {

  /**
   * Names the targets this method is mirrored to; default: empty, meaning every configured target.
   *
   * <p>Every name must be a configured target, or the application fails to start with a message
   * naming the method and the name. Each named target still applies its own sample rate; naming
   * every configured target is the same as naming none.
   */
  String[] targets() default {};
}
