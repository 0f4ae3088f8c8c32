package dev.recall.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata Boot's configuration processor writes for {@code recall.*}, which IDEs complete from and check
 * against: each property is there with a description, and nothing that is not a property.
 */
class ConfigurationMetadataTest {
  private static final Map<String, JsonNode> PROPERTIES = new HashMap<>();
  private static final Map<String, JsonNode> HINTS = new HashMap<>();

  @BeforeAll
  static void readMetadata() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (URL url : Collections.list(ConfigurationMetadataTest.class.getClassLoader()
        .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        JsonNode metadata = json.readTree(in);
        metadata.path("properties").forEach(p -> {
          if (p.path("name").asText().startsWith("recall.")) {
            PROPERTIES.put(p.path("name").asText(), p);
          }
        });
        metadata.path("hints").forEach(h -> {
          if (h.path("name").asText().startsWith("recall.")) {
            HINTS.put(h.path("name").asText(), h);
          }
        });
      }
    }
  }

  @Test
  void recallProperties_areDescribed() {
    assertThat(PROPERTIES).containsKeys("recall.url", "recall.driver", "recall.fail-fast", "recall.cluster.nodes",
        "recall.cache.dynamic", "recall.cache.default.policy", "recall.cache.default.ttl",
        "recall.cache.default.refresh-after-write", "recall.cache.default.near-cache.max-entries", "recall.caches");
    PROPERTIES.forEach((name, property) ->
        assertThat(property.path("description").asText()).as("the description of %s", name).isNotBlank()
            .as("Javadoc markup, which IDEs would show as is").doesNotContain("{@"));
    assertThat(PROPERTIES.get("recall.url").path("type").asText()).isEqualTo("java.lang.String");
    assertThat(PROPERTIES.get("recall.cache.default.policy").path("description").asText()).contains("lru");
  }

  @Test
  void aMisspeltProperty_isNotAmongThem() {
    assertThat(PROPERTIES).doesNotContainKey("recall.cache.default.plicy");
  }

  @Test
  void namedCaches_saySettingsAreThoseOfTheDefaults() {
    assertThat(PROPERTIES.get("recall.caches").path("description").asText())
        .contains("recall.caches.NAME.")
        .contains("recall.cache.default.");
  }

  @Test
  void policyAndLayout_offerTheirValues() {
    assertThat(HINTS).containsKeys("recall.cache.default.policy", "recall.cache.default.layout", "recall.driver");
    assertThat(HINTS.get("recall.cache.default.policy").path("values").findValuesAsText("value"))
        .containsExactly("lru", "fifo", "lfu", "mru", "rr", "tlru");
  }
}
