package dev.recall.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a person reads of a cache's config: its {@code toString()} and the errors of settings that do not combine. */
class FunctionCacheConfigTest {

  static final class CountingRecorder implements StatsRecorder { }

  @Test
  void toString_showsTheDefaultRecorderAsNone_andEverySetting() {
    String shown = FunctionCacheConfig.of("prices").toString();

    assertThat(shown).contains("statsRecorder=none").doesNotContainPattern("@[0-9a-f]+");
    for (RecordComponent component : FunctionCacheConfig.class.getRecordComponents()) {
      assertThat(shown).contains(component.getName() + "=");
    }
  }

  @Test
  void toString_showsARecordersClassName_orItsOwnToString() {
    StatsRecorder named = new StatsRecorder() {
      @Override
      public String toString() {
        return "micrometer";
      }
    };

    assertThat(FunctionCacheConfig.builder("c").statsRecorder(new CountingRecorder()).build().toString())
        .contains("statsRecorder=CountingRecorder,");
    assertThat(FunctionCacheConfig.builder("c").statsRecorder(named).build().toString())
        .contains("statsRecorder=micrometer,");
  }

  @Test
  void refreshAfterWrite_notShorterThanTheTtl_namesTheCache() {
    assertThatThrownBy(() -> FunctionCacheConfig.builder("prices").ttl(Duration.ofMinutes(10))
        .refreshAfterWrite(Duration.ofMinutes(20)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("refreshAfterWrite (PT20M) must be shorter than the ttl (PT10M) of cache 'prices'");
  }

  @Test
  void staleIfError_withoutATtl_namesTheCache() {
    assertThatThrownBy(() -> FunctionCacheConfig.builder("quotes").staleIfError(Duration.ofMinutes(5)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("staleIfError (PT5M) of cache 'quotes' needs a ttl");
  }
}
