package dev.recall.internal;

import dev.recall.ModuleNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The one place Recall looks up the implementations its optional modules provide (drivers, policies, streams) with
 * {@link ServiceLoader}, through the class loader that loaded Recall.
 */
public final class ServiceProviders {
  private ServiceProviders() {}

  /** Returns every provider of the type on the class path, in class-path order. */
  public static <P> List<P> all(Class<P> type) {
    List<P> providers = new ArrayList<>();
    ServiceLoader.load(type, ServiceProviders.class.getClassLoader()).forEach(providers::add);
    return providers;
  }

  /**
   * Returns the first provider of the type on the class path.
   *
   * @throws ModuleNotFoundException naming {@code artifact}, the dependency to add, when there is none
   */
  public static <P> P first(Class<P> type, String artifact) {
    return ServiceLoader.load(type, ServiceProviders.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new ModuleNotFoundException(missing(type.getSimpleName(), artifact)));
  }

  /** The message of every missing-module exception: what is missing and the dependency that provides it. */
  public static String missing(String what, String artifact) {
    return "no " + what + " on the class path; add the dependency " + artifact;
  }
}
