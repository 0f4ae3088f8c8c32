package dev.recall.internal.function;

import dev.recall.PolicyNotFoundException;
import dev.recall.function.EvictionPolicy;
import dev.recall.function.spi.PolicyScripts;
import java.util.EnumMap;
import java.util.Map;
import dev.recall.internal.ServiceProviders;

/** Finds the {@link PolicyScripts} of each policy on the class path through {@link ServiceProviders}, once. */
public final class PolicyLoader {
  private static volatile Map<EvictionPolicy, PolicyScripts> loaded;

  private PolicyLoader() {}

  /**
   * Returns the scripts of a policy.
   *
   * @throws PolicyNotFoundException when no provider on the class path implements it
   */
  public static PolicyScripts find(EvictionPolicy policy) {
    Map<EvictionPolicy, PolicyScripts> all = loaded;
    if (all == null) {
      all = new EnumMap<>(EvictionPolicy.class);
      for (PolicyScripts scripts : ServiceProviders.all(PolicyScripts.class)) {
        all.putIfAbsent(scripts.policy(), scripts);
      }
      loaded = all;
    }
    PolicyScripts scripts = all.get(policy);
    if (scripts == null) {
      throw new PolicyNotFoundException(ServiceProviders.missing("scripts for the " + policy + " eviction policy",
          "dev.recall:recall-policies (the function cache's Lua policies)"));
    }
    return scripts;
  }
}
