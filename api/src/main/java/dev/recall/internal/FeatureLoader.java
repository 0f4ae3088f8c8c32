package dev.recall.internal;

import dev.recall.ModuleNotFoundException;
import java.util.ServiceLoader;

/** Finds the implementation of a feature that lives in a module of its own, with {@link ServiceLoader}. */
final class FeatureLoader {
  private FeatureLoader() {}

  /**
   * Returns the first provider of the type on the class path.
   *
   * @throws ModuleNotFoundException naming {@code artifact} when there is none
   */
  static <P> P load(Class<P> provider, String artifact) {
    return ServiceLoader.load(provider, FeatureLoader.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new ModuleNotFoundException("no " + provider.getSimpleName()
            + " on the class path; add the dependency " + artifact));
  }
}
