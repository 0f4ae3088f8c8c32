package dev.recall.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The layering rules of the whole build: the SPI and the public packages depend on no {@code internal} package, and
 * no module uses another module's {@code internal} packages. Each exception is named below with its reason.
 *
 * <p>The classes come from every module's {@code target/classes} (the modules the root pom lists), not from the
 * class path: the main classes only, each known by the module that compiled it, and none of the copies a shaded or
 * Boot-repackaged jar would add. This module's pom makes the build compile every module before these tests run.
 */
@AnalyzeClasses(locations = ArchitectureTest.ModuleClasses.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * The public classes that create their module's implementation, the way {@code Recall} creates the client: each may
   * use its own module's {@code internal} package and no other.
   */
  private static final Map<String, String> ENTRY_POINTS = Map.of(
      "dev.recall.Recall", "dev.recall.internal",
      "dev.recall.micrometer.RecallCacheMetrics", "dev.recall.micrometer.internal",
      "dev.recall.micrometer.RecallStreamMetrics", "dev.recall.micrometer.internal",
      "dev.recall.nearcache.CaffeineLocalStores", "dev.recall.nearcache.internal",
      "dev.recall.spring.RecallCacheManager", "dev.recall.spring.internal");

  /**
   * The benchmarks that measure an internal class itself, which no public type exposes: the engine's key hashing and
   * micrometer's meter recorder. Benchmarks are an application, not an API, so this costs users nothing.
   */
  private static final Set<Edge> BENCHMARKS_OF_INTERNALS = Set.of(
      new Edge("dev.recall.jmh.KeyHashBenchmark", "dev.recall.internal.function.KeyHasher"),
      new Edge("dev.recall.jmh.MetricsRecorderBenchmark", "dev.recall.micrometer.internal.CacheMeters"));

  @ArchTest
  static final ArchRule spiDependsOnNoInternalPackage = classes()
      .that().resideInAPackage("dev.recall..spi..")
      .should(useNoInternalClass(edge -> false))
      .because("the SPI is what extension modules implement and call; it may not lead them into the engine");

  @ArchTest
  static final ArchRule publicPackagesDependOnNoInternalPackage = classes()
      .that().resideInAPackage("dev.recall..")
      .and().resideOutsideOfPackages("..internal..", "..spi..")
      .should(useNoInternalClass(edge -> isEntryPointOnItsOwnInternals(edge) || BENCHMARKS_OF_INTERNALS.contains(edge)))
      .because("a user never needs a class from internal (the SPI packages have the stricter rule above)");

  @ArchTest
  static final ArchRule modulesUseNoOtherModulesInternals = classes()
      .that().resideInAPackage("dev.recall..")
      .should(useNoInternalClass(edge -> isWithinOneModule(edge) || BENCHMARKS_OF_INTERNALS.contains(edge)))
      .because("another module reaches a module through its public packages and its SPI; internal ones may change");

  /** A dependency from one class to another, by their names; an array stands for its element class. */
  record Edge(String origin, String target) {
    static Edge of(Dependency dependency) {
      return new Edge(dependency.getOriginClass().getName(),
          dependency.getTargetClass().getBaseComponentType().getName());
    }
  }

  /** Fails on each dependency on a class in an {@code internal} package of Recall that {@code allowed} refuses. */
  private static ArchCondition<JavaClass> useNoInternalClass(Predicate<Edge> allowed) {
    return new ArchCondition<>("use no class of an internal package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          if (isRecallInternal(dependency.getTargetClass()) && !allowed.test(Edge.of(dependency))) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  private static boolean isRecallInternal(JavaClass target) {
    String packageName = target.getBaseComponentType().getPackageName();
    return packageName.startsWith("dev.recall.") && ("." + packageName + ".").contains(".internal.");
  }

  private static boolean isEntryPointOnItsOwnInternals(Edge edge) {
    // A nested class ($Builder) or an anonymous one ($1) belongs to the entry point that encloses it.
    String outermost = edge.origin().split("\\$", 2)[0];
    String internalPackage = ENTRY_POINTS.get(outermost);
    return internalPackage != null && packageOf(edge.target()).equals(internalPackage);
  }

  private static boolean isWithinOneModule(Edge edge) {
    Optional<String> origin = ModuleClasses.moduleOf(edge.origin());
    return origin.isPresent() && origin.equals(ModuleClasses.moduleOf(edge.target()));
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  /** The main classes of every module the root pom lists, and which module compiled a class. */
  static final class ModuleClasses implements LocationProvider {
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    private static final Map<String, Path> CLASS_DIRS = classDirs();

    @Override
    public Set<Location> get(Class<?> testClass) {
      return CLASS_DIRS.values().stream().map(Location::of).collect(Collectors.toSet());
    }

    /** Returns the module whose {@code target/classes} holds the class, or empty for a class of no module. */
    static Optional<String> moduleOf(String className) {
      Path file = Path.of(className.replace('.', '/') + ".class");
      return CLASS_DIRS.entrySet().stream()
          .filter(module -> Files.isRegularFile(module.getValue().resolve(file)))
          .map(Map.Entry::getKey)
          .findFirst();
    }

    private static Map<String, Path> classDirs() {
      Path root = projectRoot();
      Map<String, Path> dirs = new LinkedHashMap<>();
      Matcher modules = MODULE.matcher(read(root.resolve("pom.xml")));
      while (modules.find()) {
        if (!Files.isDirectory(root.resolve(modules.group(1)).resolve("src/main/java"))) {
          continue; // a pom-only module, such as the BOM
        }
        Path classes = root.resolve(modules.group(1)).resolve("target/classes");
        if (!Files.isDirectory(classes.resolve("dev/recall"))) {
          // A missing module would pass every rule unchecked.
          throw new IllegalStateException("no compiled classes in " + classes + "; build the module first, for "
              + "example with ./mvnw -pl examples -am verify");
        }
        dirs.put(modules.group(1), classes);
      }
      if (dirs.isEmpty()) {
        throw new IllegalStateException("the root pom " + root.resolve("pom.xml") + " lists no module");
      }
      return dirs;
    }

    /** The first directory up from the working one whose pom is Recall's parent (tests may run in either). */
    private static Path projectRoot() {
      for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
        Path pom = dir.resolve("pom.xml");
        if (Files.isRegularFile(pom) && read(pom).contains("<artifactId>recall-parent</artifactId>")
            && read(pom).contains("<modules>")) {
          return dir;
        }
      }
      throw new IllegalStateException("no Recall root pom above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
